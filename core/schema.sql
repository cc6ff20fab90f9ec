-- masscivic database schema. The base tables mirror the snapshot files under
-- datasets/ma/ column for column (the loader checks this); the derived tables at
-- the end are built from them. Bump user_version when anything here changes.
PRAGMA user_version = 7;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE sources (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    upstream_url TEXT NOT NULL,
    license      TEXT NOT NULL,
    as_of        TEXT NOT NULL,
    note         TEXT
);

CREATE TABLE municipalities (
    geoid                 TEXT PRIMARY KEY CHECK (length(geoid) = 10),
    name                  TEXT NOT NULL UNIQUE,
    kind                  TEXT NOT NULL CHECK (kind IN ('city', 'town')),
    county                TEXT NOT NULL,
    ocd_id                TEXT NOT NULL UNIQUE,
    population_2020       INTEGER NOT NULL,
    legislative_body      TEXT NOT NULL CHECK (legislative_body IN (
        'Open Town Meeting', 'Representative Town Meeting', 'City Council', 'Town Council',
        'Municipal Council')),
    form_of_government    TEXT NOT NULL,
    chief_executive_title TEXT,
    policy_board          TEXT,
    policy_board_size     INTEGER,
    legislative_body_size INTEGER,
    website               TEXT,
    massgis_town_id       INTEGER UNIQUE,
    source                TEXT NOT NULL REFERENCES sources(id),
    as_of                 TEXT NOT NULL
);

CREATE TABLE clerk_offices (
    geoid   TEXT PRIMARY KEY REFERENCES municipalities(geoid),
    address TEXT,
    phone   TEXT,
    fax     TEXT,
    email   TEXT,
    source  TEXT NOT NULL REFERENCES sources(id),
    as_of   TEXT NOT NULL
);

-- Every name a resident might use for a place: official names, alternate spellings,
-- villages/neighbourhoods, USPS postal city names. One name may map to several towns.
CREATE TABLE place_names (
    name   TEXT NOT NULL,
    geoid  TEXT NOT NULL REFERENCES municipalities(geoid),
    kind   TEXT NOT NULL CHECK (kind IN ('official', 'alternate', 'village', 'postal')),
    source TEXT NOT NULL REFERENCES sources(id),
    as_of  TEXT NOT NULL,
    PRIMARY KEY (name, geoid)
);

CREATE TABLE zip_codes (
    zip            TEXT NOT NULL CHECK (length(zip) = 5),
    geoid          TEXT NOT NULL REFERENCES municipalities(geoid),
    land_share_pct INTEGER,           -- NULL for PO-box/unique ZIPs without a ZCTA
    zip_type       TEXT,              -- USPS: Standard, PO Box, Unique
    postal_city    TEXT,
    source         TEXT NOT NULL REFERENCES sources(id),
    as_of          TEXT NOT NULL,
    PRIMARY KEY (zip, geoid)
);

CREATE TABLE districts (
    ocd_id       TEXT PRIMARY KEY,
    chamber      TEXT NOT NULL CHECK (chamber IN ('house', 'senate', 'congress', 'governors_council')),
    name         TEXT NOT NULL,       -- official name: '37th Middlesex', 'Second Essex and Middlesex'
    display_name TEXT NOT NULL,
    number       INTEGER NOT NULL,    -- MassGIS district number
    source       TEXT NOT NULL REFERENCES sources(id),
    as_of        TEXT NOT NULL,
    UNIQUE (chamber, number)
);

-- Spellings of district names seen in the sources ('Thirty-Seventh Middlesex', '37TH MIDDLESEX').
CREATE TABLE district_names (
    ocd_id TEXT NOT NULL REFERENCES districts(ocd_id),
    name   TEXT NOT NULL,
    source TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (ocd_id, name)
);

CREATE TABLE precincts (
    geoid                TEXT NOT NULL REFERENCES municipalities(geoid),
    ward                 TEXT,        -- NULL for towns without wards
    precinct             TEXT NOT NULL,
    is_sub_precinct      INTEGER NOT NULL CHECK (is_sub_precinct IN (0, 1)),
    house_id             TEXT NOT NULL REFERENCES districts(ocd_id),
    senate_id            TEXT NOT NULL REFERENCES districts(ocd_id),
    congress_id          TEXT NOT NULL REFERENCES districts(ocd_id),
    governors_council_id TEXT NOT NULL REFERENCES districts(ocd_id),
    in_2024              INTEGER NOT NULL CHECK (in_2024 IN (0, 1)),
    source               TEXT NOT NULL REFERENCES sources(id),
    as_of                TEXT NOT NULL
);
CREATE UNIQUE INDEX precincts_key ON precincts (geoid, ifnull(ward, ''), precinct);
CREATE INDEX precincts_house ON precincts (house_id);
CREATE INDEX precincts_senate ON precincts (senate_id);
CREATE INDEX precincts_congress ON precincts (congress_id);

-- Differences found between the 2022 crosswalk and the MIT Election Lab 2024 returns.
CREATE TABLE precinct_crosscheck (
    geoid    TEXT NOT NULL REFERENCES municipalities(geoid),
    ward     TEXT,
    precinct TEXT NOT NULL,
    finding  TEXT NOT NULL CHECK (finding IN ('only_2022', 'only_2024', 'district_differs')),
    detail   TEXT,
    source   TEXT NOT NULL REFERENCES sources(id)
);

CREATE TABLE officials (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    given_name    TEXT,
    family_name   TEXT,
    party         TEXT,
    level         TEXT NOT NULL CHECK (level IN ('federal', 'state', 'local')),
    office        TEXT NOT NULL,      -- code: us_senator, state_representative, mayor, select_board_member ...
    title         TEXT NOT NULL,      -- display: 'State Representative', 'Select Board Member'
    division_id   TEXT NOT NULL,      -- OCD division the seat belongs to
    geoid         TEXT REFERENCES municipalities(geoid),  -- local officials only
    email         TEXT,
    phone         TEXT,
    address       TEXT,
    photo_url     TEXT,
    profile_url   TEXT,
    website       TEXT,
    contact_form  TEXT,
    openstates_id TEXT,
    bioguide_id   TEXT,
    member_code   TEXT,
    leadership    TEXT,
    start_date    TEXT,
    end_date      TEXT,
    verified      INTEGER NOT NULL CHECK (verified IN (0, 1)),
    source        TEXT NOT NULL REFERENCES sources(id),
    source_url    TEXT,
    as_of         TEXT NOT NULL,
    seat          TEXT,               -- local seat as the source names it: 'Ward 4', 'District 6', 'At-Large'
    seat_division_id TEXT             -- OCD division of a ward/district seat ('.../place:newton/ward:4')
);
CREATE INDEX officials_division ON officials (division_id);
CREATE INDEX officials_geoid ON officials (geoid);

CREATE TABLE official_offices (
    official_id TEXT NOT NULL REFERENCES officials(id),
    kind        TEXT NOT NULL,        -- capitol, district
    address     TEXT,
    phone       TEXT,
    fax         TEXT,
    source      TEXT NOT NULL REFERENCES sources(id)
);
CREATE INDEX official_offices_official ON official_offices (official_id);

CREATE TABLE official_links (
    official_id TEXT NOT NULL REFERENCES officials(id),
    kind        TEXT NOT NULL,        -- twitter, facebook, youtube, instagram, mastodon
    value       TEXT NOT NULL,
    source      TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (official_id, kind, value)
);

-- Seats with no current holder. Every district has an official or a vacancy.
CREATE TABLE vacancies (
    division_id TEXT NOT NULL,
    office      TEXT NOT NULL,
    since       TEXT,
    note        TEXT,
    source      TEXT NOT NULL REFERENCES sources(id),
    as_of       TEXT NOT NULL,
    PRIMARY KEY (division_id, office)
);

CREATE TABLE committees (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    chamber TEXT NOT NULL CHECK (chamber IN ('joint', 'house', 'senate')),
    url     TEXT,
    source  TEXT NOT NULL REFERENCES sources(id),
    as_of   TEXT NOT NULL
);

CREATE TABLE committee_members (
    committee_id TEXT NOT NULL REFERENCES committees(id),
    official_id  TEXT NOT NULL REFERENCES officials(id),
    role         TEXT NOT NULL,
    source       TEXT NOT NULL REFERENCES sources(id),
    as_of        TEXT NOT NULL,
    PRIMARY KEY (committee_id, official_id)
);
CREATE INDEX committee_members_official ON committee_members (official_id);

CREATE TABLE bills (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    session       TEXT,               -- '193rd' (2023-2024)
    house_number  TEXT,
    senate_number TEXT,
    url           TEXT,
    issue         TEXT,
    source        TEXT NOT NULL REFERENCES sources(id),
    as_of         TEXT NOT NULL,
    official_title TEXT,              -- 'An Act ...' (194th session on)
    house_status  TEXT,               -- as the source published it ('In Committee', 'Passed')
    senate_status TEXT,
    lead_sponsors TEXT                -- the source's text ('Rep. Manny Cruz & Rep. Priscila Sousa')
);

CREATE TABLE bill_sponsors (
    bill_id     TEXT NOT NULL REFERENCES bills(id),
    person_id   TEXT,                 -- ocd-person id when known (current or retired)
    person_name TEXT NOT NULL,
    official_id TEXT REFERENCES officials(id),  -- set when the person is a current official
    role        TEXT NOT NULL CHECK (role IN ('lead', 'cosponsor')),
    chamber     TEXT,
    source      TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (bill_id, person_name)
);
CREATE INDEX bill_sponsors_official ON bill_sponsors (official_id);

-- Roll calls an advocacy group scores (Progressive Massachusetts, 194th session), and how
-- each member voted. scored_position is the group's position, not a judgment of ours.
CREATE TABLE roll_calls (
    id              TEXT PRIMARY KEY,   -- '194-house-34': session, chamber, roll call number
    session         TEXT NOT NULL,
    chamber         TEXT NOT NULL CHECK (chamber IN ('house', 'senate')),
    roll_call       INTEGER NOT NULL,
    bill_number     TEXT,
    amendment       TEXT,
    date            TEXT NOT NULL,      -- YYYY-MM-DD
    title           TEXT NOT NULL,      -- the group's title of the vote
    description     TEXT,
    scored_position TEXT NOT NULL CHECK (scored_position IN ('yes', 'no')),
    yeas            INTEGER,
    nays            INTEGER,
    url             TEXT,
    source          TEXT NOT NULL REFERENCES sources(id),
    as_of           TEXT NOT NULL
);

CREATE TABLE roll_call_votes (
    roll_call_id TEXT NOT NULL REFERENCES roll_calls(id),
    person_id    TEXT NOT NULL,         -- ocd-person id
    official_id  TEXT REFERENCES officials(id),  -- set when the person holds office now
    vote         TEXT NOT NULL CHECK (vote IN ('yes', 'no', 'not_voting')),
    source       TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (roll_call_id, person_id)
);
CREATE INDEX roll_call_votes_official ON roll_call_votes (official_id);

-- Official general-election results of the seats of the 2021 district plans (2022 on;
-- bwbensonjr-ma-election-db, from the Secretary of the Commonwealth's electionstats).
-- official_id is set when the winner is the seat's current holder in officials.
CREATE TABLE election_results (
    division_id   TEXT NOT NULL REFERENCES districts(ocd_id),
    office        TEXT NOT NULL CHECK (office IN ('state_representative', 'state_senator',
                                                  'governors_councillor', 'us_representative')),
    election_date TEXT NOT NULL,
    is_special    INTEGER NOT NULL CHECK (is_special IN (0, 1)),
    winner        TEXT NOT NULL,
    winner_party  TEXT,
    winner_votes  INTEGER NOT NULL,
    winner_share  TEXT NOT NULL,      -- percent of the votes cast for candidates, '56.6'
    candidates    INTEGER NOT NULL,
    opposed       INTEGER NOT NULL CHECK (opposed IN (0, 1)),
    incumbent     TEXT,               -- who held the seat going in, when anyone did
    official_id   TEXT REFERENCES officials(id),
    source_url    TEXT NOT NULL,
    source        TEXT NOT NULL REFERENCES sources(id),
    as_of         TEXT NOT NULL,
    PRIMARY KEY (division_id, election_date)
);
CREATE INDEX election_results_official ON election_results (official_id);

-- What municipalities already did on the toolkit topics, compiled from news and municipal
-- pages (compiled-ma-local-civil-liberties-actions): not official, so verified = 0. A town
-- without a row is "not found", never "never acted".
CREATE TABLE local_actions (
    geoid      TEXT NOT NULL REFERENCES municipalities(geoid),
    topic      TEXT NOT NULL CHECK (topic IN ('sanctuary_trust', 'ccops', 'face_surveillance',
                                              'body_cameras')),
    action     TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('passed', 'failed', 'pending', 'funded')),
    date       TEXT NOT NULL,     -- as precise as the page: '2019-12-19', '2019-12', 'before 2018-05-09'
    binding    TEXT NOT NULL,     -- binding | non-binding | unclear | n/a (state grant)
    body       TEXT NOT NULL,     -- who acted: 'City Council', 'Town Meeting', ...
    source_url TEXT NOT NULL,
    evidence   TEXT NOT NULL,     -- quotation from source_url, at most 25 words
    verified   INTEGER NOT NULL CHECK (verified IN (0, 1)),
    source     TEXT NOT NULL REFERENCES sources(id),
    as_of      TEXT NOT NULL
);
CREATE INDEX local_actions_geoid ON local_actions (geoid);

-- Street addresses from the MassGIS Level 3 parcel points (importers/raw/addresses.cpp,
-- geocode/): the district sets points fall in, one row per street of a town, and per street
-- and side the runs of house numbers whose points share one district set.
CREATE TABLE address_district_sets (
    set_id               INTEGER PRIMARY KEY,
    house_id             TEXT NOT NULL REFERENCES districts(ocd_id),
    senate_id            TEXT NOT NULL REFERENCES districts(ocd_id),
    congress_id          TEXT NOT NULL REFERENCES districts(ocd_id),
    governors_council_id TEXT NOT NULL REFERENCES districts(ocd_id)
);

CREATE TABLE address_streets (
    street_id    INTEGER PRIMARY KEY,
    geoid        TEXT NOT NULL REFERENCES municipalities(geoid),
    street_key   TEXT NOT NULL,       -- geocode::street_key: 'N MAIN ST'
    display_name TEXT NOT NULL,       -- 'N Main St'
    spellings    TEXT NOT NULL,       -- assessor spellings seen, '|'-separated: 'MAIN ST N|NO MAIN ST'
    points       INTEGER NOT NULL,    -- address points kept (numbered or not)
    set_id       INTEGER REFERENCES address_district_sets(set_id),  -- when all points share one set
    fiscal_year  INTEGER NOT NULL,    -- of the town's parcel data (the as-of of every fact here)
    source       TEXT NOT NULL REFERENCES sources(id),
    UNIQUE (geoid, street_key)
);

CREATE TABLE address_ranges (
    street_id INTEGER NOT NULL REFERENCES address_streets(street_id),
    side      TEXT NOT NULL CHECK (side IN ('odd', 'even')),
    low       INTEGER NOT NULL,       -- house numbers of the run's first and last point
    high      INTEGER NOT NULL,
    points    INTEGER NOT NULL,
    set_id    INTEGER NOT NULL REFERENCES address_district_sets(set_id),
    lat       REAL NOT NULL,          -- representative point: the run's middle address point
    lon       REAL NOT NULL
);
CREATE INDEX address_ranges_street ON address_ranges (street_id, side, low);

-- Boundary polygons (WGS84 GeoJSON geometry) with their bounding boxes.
CREATE TABLE boundaries (
    id       TEXT PRIMARY KEY,        -- district OCD id, municipality GEOID for layer 'town',
                                      -- '<GEOID>:<ward>-<precinct>' for layer 'precinct' (Cambridge only)
    layer    TEXT NOT NULL CHECK (layer IN ('town', 'house', 'senate', 'congress', 'governors_council',
                                            'precinct')),
    name     TEXT NOT NULL,
    geometry TEXT NOT NULL CHECK (json_valid(geometry))
);
CREATE VIRTUAL TABLE boundaries_rtree USING rtree(rowid, min_lon, max_lon, min_lat, max_lat);

-- Editable JSON files of datasets/ read at import (datasets/toolkits.json as 'toolkits'),
-- so the server needs nothing but this database.
CREATE TABLE documents (
    name TEXT PRIMARY KEY,
    body TEXT NOT NULL CHECK (json_valid(body))
);

-- Derived: the parts of each street key the address matcher groups by (geocode::normalize_street),
-- so that a reload of the server reads them instead of normalising 132k names again.
CREATE TABLE address_street_names (
    street_id INTEGER PRIMARY KEY REFERENCES address_streets(street_id),
    core      TEXT NOT NULL,      -- 'MAIN'
    qualifier TEXT NOT NULL       -- 'HYANNIS', or ''
);

-- Derived: normalised name keys (text.hpp name_key) for exact place lookups.
CREATE TABLE name_index (
    key   TEXT NOT NULL,
    geoid TEXT NOT NULL REFERENCES municipalities(geoid),
    name  TEXT NOT NULL,
    kind  TEXT NOT NULL,
    PRIMARY KEY (key, geoid)
);

-- Derived: full-text search over place names (trigram, for "did you mean").
CREATE VIRTUAL TABLE places_fts USING fts5(key, geoid UNINDEXED, name UNINDEXED, tokenize = 'trigram');

-- Derived: full-text search over officials.
CREATE VIRTUAL TABLE officials_fts USING fts5(
    name, title, division, municipality, committees, id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
