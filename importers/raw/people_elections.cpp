// Official general-election results (bwbensonjr-ma-election-db, summarised from the
// Secretary of the Commonwealth's electionstats) for the seats of the 2021 district plans:
// each seat's latest contest settles who won it last. Used for the Governor's Council (the
// only current source of its members), to cross-check every legislator, and to tell
// organizers how safe a seat is. Rules: datasets/rules/people.md ("Election results").
#include "people_common.hpp"

#include "csv.hpp"
#include "text.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>

namespace masscivic::import::people {

namespace {

constexpr const char* kFirstElectionOfThePlans = "2022-11-08";

std::string read_gzip(const std::filesystem::path& file) {
    std::unique_ptr<gzFile_s, int (*)(gzFile)> gz(gzopen(file.c_str(), "rb"), gzclose);
    if (!gz) throw InputError(file.string() + ": cannot open");
    std::string out;
    char buf[1 << 16];
    int n = 0;
    while ((n = gzread(gz.get(), buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    if (n < 0) throw InputError(file.string() + ": not a readable gzip file");
    return out;
}

const char* office_code(const std::string& office) {
    if (office == "State Representative") return "state_representative";
    if (office == "State Senate") return "state_senator";
    if (office == "Governor's Council") return "governors_councillor";
    if (office == "U.S. House") return "us_representative";
    return nullptr;
}

long long whole(const CsvTable& csv, const CsvRecord& r, const char* column) {
    const auto& v = csv.get(r, column);
    if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos)
        throw InputError(csv.where(r) + ": " + column + " is not a whole number: '" + v + "'");
    return std::stoll(v);
}

// "8th" / "1st Congressional" -> "8" / "1".
std::string leading_number(const std::string& s) {
    auto end = s.find_first_not_of("0123456789");
    return s.substr(0, end);
}

std::string division_of(const Snapshot& snap, const CsvTable& csv, const CsvRecord& r,
                        const std::string& office) {
    auto display = csv.get(r, "district_display");
    if (office == "governors_councillor" || office == "us_representative") {
        auto n = leading_number(display);
        if (n.empty()) throw InputError(csv.where(r) + ": district '" + display + "' has no number");
        bool gc = office == "governors_councillor";
        auto division = std::string(kStateDivision) + (gc ? "/governors_council:" : "/cd:") + n;
        check_division(snap, gc ? Chamber::GovernorsCouncil : Chamber::Congress, division,
                       csv.where(r));
        return division;
    }
    auto chamber = office == "state_senator" ? Chamber::Senate : Chamber::House;
    std::string name = display;
    for (auto at = name.find(" & "); at != std::string::npos; at = name.find(" & "))
        name.replace(at, 3, " and ");
    return snap.resolve_district(chamber, name, csv.where(r) + ": district_display");
}

std::string percent(const std::string& fraction, const std::string& where) {
    double f = 0;
    try {
        f = std::stod(fraction);
    } catch (const std::exception&) {
        throw InputError(where + ": percent_winner is not a number: '" + fraction + "'");
    }
    if (f < 0 || f > 1) throw InputError(where + ": percent_winner out of range: " + fraction);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", f * 100);
    return buf;
}

std::string na_empty(const std::string& v) { return v == "NA" ? "" : v; }

}  // namespace

std::map<std::string, std::vector<Contest>> read_elections(Snapshot& snap) {
    auto file = snap.raw(std::string(kElections) + "/ma_general_election_summaries.csv.gz");
    auto csv = CsvTable::parse(read_gzip(file), file);
    std::map<std::string, std::vector<Contest>> out;
    for (const auto& r : csv.records()) {
        const char* office = office_code(csv.get(r, "office"));
        if (!office || csv.get(r, "election_date") < kFirstElectionOfThePlans) continue;
        Contest c;
        c.office = office;
        c.where = csv.where(r);
        c.division_id = division_of(snap, csv, r, c.office);
        c.date = csv.get(r, "election_date");
        if (!is_date(c.date, false)) throw InputError(c.where + ": bad election_date");
        c.special = csv.get(r, "is_special") == "TRUE";
        c.winner = trim(csv.get(r, "name_winner"));
        if (c.winner.empty() || c.winner == "NA") throw InputError(c.where + ": no winner");
        c.party = na_empty(csv.get(r, "party_winner"));
        c.votes = whole(csv, r, "votes_winner");
        c.candidates = whole(csv, r, "num_candidates");
        c.opposed = c.candidates > 1;
        c.share = percent(csv.get(r, "percent_winner"), c.where);
        c.incumbent = na_empty(csv.get(r, "name_incumbent"));
        c.url = "https://electionstats.state.ma.us/elections/view/" +
                std::to_string(whole(csv, r, "election_id")) + "/";
        out[c.division_id].push_back(std::move(c));
    }
    for (auto& [division, contests] : out) {
        std::sort(contests.begin(), contests.end(),
                  [](const Contest& a, const Contest& b) { return a.date < b.date; });
        for (std::size_t i = 1; i < contests.size(); ++i)
            if (contests[i].date == contests[i - 1].date)
                throw InputError(contests[i].where + ": second contest for " + division + " on " +
                                 contests[i].date);
    }
    return out;
}

namespace {

std::vector<std::string> words(const std::string& name) {
    std::vector<std::string> out;
    std::string key = name_key(name), cur;
    for (char c : key + " ") {
        if (c == ' ' || c == '-') {
            if (!cur.empty()) out.push_back(cur), cur.clear();
        } else {
            cur += c;
        }
    }
    return out;
}

// Nicknames legislators go by, mapped to the given names the ballot prints.
bool nickname_of(const std::string& a, const std::string& b) {
    static const std::set<std::pair<std::string, std::string>> pairs = {
        {"bill", "william"}, {"billy", "william"}, {"will", "william"}, {"bob", "robert"},
        {"rob", "robert"},   {"mike", "michael"}, {"jim", "james"},    {"tony", "antonio"},
        {"tony", "anthony"}, {"becca", "rebecca"}, {"dan", "daniel"},  {"dave", "david"},
        {"joe", "joseph"},   {"tom", "thomas"},   {"chris", "christopher"}, {"kate", "katherine"},
        {"sam", "samuel"},   {"ed", "edward"},    {"steve", "steven"}, {"jon", "jonathan"}};
    return pairs.count({a, b}) || pairs.count({b, a});
}

// The ballot name of a seat's winner and the roster name of its holder name one person:
// one of the holder's family-name words is a word of the ballot name, and the first names
// share their initial or are a known nickname pair ("Billy MacGregor" = "William
// Macgregor", "Brandy Fluker-Reid" = "Brandy Fluker Oakley").
bool same_candidate(const Row& official, const std::string& winner) {
    if (same_local_person(official.at("name"), winner)) return true;
    auto ballot = words(winner), roster = words(official.at("name"));
    auto family = words(official.count("family_name") ? official.at("family_name") : "");
    if (ballot.empty() || roster.empty()) return false;
    bool family_shared = std::any_of(family.begin(), family.end(), [&](const std::string& f) {
        return f.size() >= 3 && std::find(ballot.begin(), ballot.end(), f) != ballot.end();
    });
    return family_shared &&
           (ballot[0][0] == roster[0][0] || nickname_of(ballot[0], roster[0]));
}

// The current official holding a division (one per seat), if any.
const Row* holder(const Registry& reg, const std::string& division, const std::string& office) {
    for (const auto& [id, row] : reg.officials())
        if (row.at("division_id") == division && row.at("office") == office) return &row;
    return nullptr;
}

// MEDSL's 2024 precinct returns summed by district must name the same Governor's Council
// winners with the same votes.
void crosscheck_medsl(Snapshot& snap, const std::map<std::string, std::vector<Contest>>& elections) {
    auto file = snap.raw(std::string(kMedsl) + "/ma24_state_house_senate_us_house_govcouncil.csv");
    auto csv = CsvTable::read(file);
    std::map<std::string, std::map<std::string, long long>> votes;  // district -> candidate
    for (const auto& r : csv.records()) {
        if (csv.get(r, "office") != "GOVERNORS COUNCIL") continue;
        const auto& cand = csv.get(r, "candidate");
        if (cand == "ALL OTHERS" || cand == "UNDERVOTE" || cand == "OVERVOTE") continue;
        votes[csv.get(r, "district")][cand] += whole(csv, r, "votes");
    }
    std::size_t agree = 0, checked = 0;
    for (const auto& [district, by_candidate] : votes) {
        auto division = std::string(kStateDivision) + "/governors_council:" + district;
        auto it = elections.find(division);
        const Contest* c = nullptr;
        if (it != elections.end())
            for (const auto& x : it->second)
                if (x.date == "2024-11-05") c = &x;
        auto top = std::max_element(by_candidate.begin(), by_candidate.end(),
                                    [](const auto& a, const auto& b) { return a.second < b.second; });
        ++checked;
        if (c && same_local_person(top->first, c->winner) && top->second == c->votes) {
            ++agree;
            continue;
        }
        std::string msg = "Governor's Council district " + district + ": MEDSL 2024 sums to " +
                          top->first + " " + std::to_string(top->second) + " votes; results file " +
                          (c ? "has " + c->winner + " " + std::to_string(c->votes) : "has no 2024 contest");
        snap.report("Election cross-check", msg);
        snap.warn("elections: " + msg);
    }
    snap.report("Election cross-check",
                "Governor's Council 2024 winners and their votes agree with MEDSL's precinct "
                "returns summed by district in " +
                    std::to_string(agree) + " of " + std::to_string(checked) + " districts");
}

std::string seat_label(const Snapshot& snap, const std::string& division) {
    for (const auto& d : snap.rows("districts"))
        if (d.at("ocd_id") == division) return d.at("display_name");
    return division;
}

}  // namespace

void import_election_results(Snapshot& snap, const Registry& reg,
                             const std::map<std::string, std::vector<Contest>>& elections) {
    crosscheck_medsl(snap, elections);
    const auto& as_of = snap.source(kElections).as_of;
    std::size_t legislators = 0, agree = 0;
    for (const auto& [division, contests] : elections) {
        const auto& latest = contests.back();
        const Row* now = holder(reg, division, latest.office);
        bool same = now && same_candidate(*now, latest.winner);
        bool legislator = latest.office == "state_representative" || latest.office == "state_senator";
        if (legislator) {
            ++legislators;
            if (same) {
                ++agree;
            } else {
                std::string msg = seat_label(snap, division) + ": latest election " + latest.date +
                                  (latest.special ? " (special)" : "") + " won by " + latest.winner +
                                  "; " +
                                  (now ? "current holder " + now->at("name") + " (" +
                                             now->at("source") + ")"
                                       : "the seat is vacant now");
                snap.report("Election cross-check", msg);
            }
        }
        for (const auto& c : contests)
            snap.add("election_results",
                     {{"division_id", division},
                      {"office", c.office},
                      {"election_date", c.date},
                      {"is_special", c.special ? "1" : "0"},
                      {"winner", c.winner},
                      {"winner_party", c.party},
                      {"winner_votes", std::to_string(c.votes)},
                      {"winner_share", c.share},
                      {"candidates", std::to_string(c.candidates)},
                      {"opposed", c.opposed ? "1" : "0"},
                      {"incumbent", c.incumbent},
                      {"official_id", (&c == &latest && same) ? now->at("id") : ""},
                      {"source_url", c.url},
                      {"source", kElections},
                      {"as_of", as_of}});
    }
    snap.report("Election cross-check",
                "State legislators: the current holder is the winner of the seat's latest "
                "election (2022 on, specials included) in " +
                    std::to_string(agree) + " of " + std::to_string(legislators) + " seats");
}

}  // namespace masscivic::import::people
