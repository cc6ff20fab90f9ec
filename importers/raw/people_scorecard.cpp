// Current-session (194th General Court, 2025-2026) bills, their co-sponsors and the scored
// roll calls, from Progressive Massachusetts' legislator scorecard (2025.json, the build's
// cached copy of the group's Google Sheet). Act on Mass (people_bills.cpp) stays the source
// of the past sessions. Rules: datasets/rules/people.md, "Bills and roll calls".
#include "geo_util.hpp"
#include "people_common.hpp"

#include "text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cmath>

namespace masscivic::import::people {

namespace {

constexpr const char* kScorecard = "progressivemass-legislator-scorecard";
constexpr const char* kSession = "194th";
// Rows of the vote sheets numbered from here on are the group's own summary scores
// ("Progressive Agenda Cosponsorship > 50%"), not roll calls of the Legislature.
constexpr long kFirstSummaryRow = 1000;

using Sheet = std::vector<std::vector<std::string>>;

// One sheet of the workbook as rows of trimmed cells (non-breaking spaces become spaces).
Sheet read_sheet(const rapidjson::Document& doc, const char* name, const std::string& file) {
    auto where = file + ": sheet '" + name + "'";
    if (!doc.IsObject() || !doc.HasMember(name) || !doc[name].IsArray())
        throw InputError(where + ": missing or not a list of rows");
    Sheet rows;
    for (const auto& r : doc[name].GetArray()) {
        if (!r.IsArray()) throw InputError(where + ": a row is not a list of cells");
        std::vector<std::string> cells;
        for (const auto& c : r.GetArray()) {
            if (!c.IsString()) throw InputError(where + ": a cell is not text");
            std::string v = c.GetString();
            for (auto at = v.find("\xC2\xA0"); at != std::string::npos; at = v.find("\xC2\xA0"))
                v.replace(at, 2, " ");
            cells.push_back(trim(v));
        }
        rows.push_back(std::move(cells));
    }
    if (rows.size() < 2) throw InputError(where + ": no data rows");
    return rows;
}

// Column index by header name; InputError when the sheet lacks it.
std::size_t column(const std::vector<std::string>& header, const std::string& name,
                   const std::string& where) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return i;
    throw InputError(where + ": no column '" + name + "'");
}

const std::string& cell(const std::vector<std::string>& row, std::size_t i) {
    static const std::string empty;
    return i < row.size() ? row[i] : empty;
}

// "safe communities act " -> "safe-communities-act".
std::string slug(const std::string& title) {
    std::string out;
    for (unsigned char c : title) {
        if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
        else if (!out.empty() && out.back() != '-') out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

// "2/6/2025" -> "2025-02-06"; "" when the text is not such a date.
std::string us_date(const std::string& text) {
    int m = 0, d = 0, y = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%d/%d/%d%c", &m, &d, &y, &tail) != 3 || m < 1 || m > 12 ||
        d < 1 || d > 31 || y < 2000 || y > 2100)
        return "";
    char buf[11];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

// "Arciero, James" -> "James Arciero".
std::string display_name(const std::string& last_first) {
    auto comma = last_first.find(',');
    if (comma == std::string::npos) return last_first;
    return trim(trim(last_first.substr(comma + 1)) + " " + trim(last_first.substr(0, comma)));
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// True when `name` appears in `text` as whole words ("Cruz" in "Rep. Manny Cruz & ...").
bool names_word(const std::string& text, const std::string& name) {
    auto t = lower(text), n = lower(name);
    for (auto at = t.find(n); !n.empty() && at != std::string::npos; at = t.find(n, at + 1)) {
        bool start = at == 0 || !std::isalpha(static_cast<unsigned char>(t[at - 1]));
        auto end = at + n.size();
        bool stop = end == t.size() || !std::isalpha(static_cast<unsigned char>(t[end]));
        if (start && stop) return true;
    }
    return false;
}

// A House/Senate pair of the agenda, from the two rows of `sponsoredBills` sharing the
// integer part of their sort key ("12" House, "12.1" Senate).
struct Pair {
    std::string key, title, official_title, url, tags;
    std::string house_number, senate_number, house_status, senate_status;
    std::string house_leads, senate_leads;
};

std::map<long, Pair> read_pairs(Snapshot& snap, const Sheet& sheet, const std::string& where) {
    const auto& h = sheet[0];
    auto c_sort = column(h, "sort", where), c_number = column(h, "bill_number", where),
         c_status = column(h, "status", where), c_name = column(h, "name", where),
         c_sponsors = column(h, "sponsors", where), c_short = column(h, "shorthand_title", where),
         c_tags = column(h, "tags", where), c_url = column(h, "url", where);
    std::map<long, Pair> pairs;
    for (std::size_t i = 1; i < sheet.size(); ++i) {
        const auto& r = sheet[i];
        auto at = where + " row " + std::to_string(i + 1);
        if (cell(r, c_number).empty()) continue;  // blank separator rows
        char* end = nullptr;
        double sort = std::strtod(cell(r, c_sort).c_str(), &end);
        if (cell(r, c_sort).empty() || *end || sort < 1)
            throw InputError(at + ": sort '" + cell(r, c_sort) + "' is not a number");
        auto number = normalize_bill_number(cell(r, c_number));
        if (!number) throw InputError(at + ": '" + cell(r, c_number) + "' is not a bill number");
        auto& p = pairs[static_cast<long>(std::floor(sort))];
        if (p.title.empty()) {
            p.title = cell(r, c_short);
            p.official_title = cell(r, c_name);
            p.url = cell(r, c_url);
            p.tags = cell(r, c_tags);
        }
        bool senate = (*number)[0] == 'S';
        auto& slot = senate ? p.senate_number : p.house_number;
        if (!slot.empty()) {
            if (slot != *number)
                throw InputError(at + ": a second " + (senate ? "Senate" : "House") +
                                 " bill in pair " + cell(r, c_sort));
            snap.warn("bills: " + *number + " (" + p.title + ") is listed twice in " + kScorecard +
                      "; one bill, no " + (senate ? "House" : "Senate") + " version");
            continue;
        }
        slot = *number;
        (senate ? p.senate_status : p.house_status) = cell(r, c_status);
        (senate ? p.senate_leads : p.house_leads) = cell(r, c_sponsors);
        if (p.url.empty()) p.url = cell(r, c_url);
    }
    for (auto& [n, p] : pairs) {
        if (p.title.empty()) throw InputError(where + ": pair " + std::to_string(n) + " has no title");
        p.key = std::string("194-") + slug(p.title);
    }
    return pairs;
}

void write_bill(Snapshot& snap, const Pair& p) {
    snap.add("bills", {{"id", p.key},
                       {"title", p.title},
                       {"session", kSession},
                       {"house_number", p.house_number},
                       {"senate_number", p.senate_number},
                       {"url", p.url},
                       {"issue", p.tags},
                       {"source", kScorecard},
                       {"as_of", snap.source(kScorecard).as_of},
                       {"official_title", p.official_title},
                       {"house_status", p.house_status},
                       {"senate_status", p.senate_status},
                       {"lead_sponsors", p.house_leads.empty() || p.senate_leads.empty()
                                             ? p.house_leads + p.senate_leads
                                             : p.house_leads + "; " + p.senate_leads}});
}

struct Member {
    std::string person_id, name, chamber, official_id;
};

std::string chamber_of(const Row* official) {
    if (!official) return "";
    auto office = official->at("office");
    if (office == "state_representative") return "house";
    if (office == "state_senator") return "senate";
    return "";
}

// Row 0 holds the Open States ids of the members from column 3 on, row 1 their names.
std::vector<Member> read_members(const Sheet& sheet, const Registry& reg, const std::string& where) {
    std::vector<Member> out;
    for (std::size_t i = 3; i < sheet[0].size(); ++i) {
        const auto& id = sheet[0][i];
        if (id.rfind("ocd-person/", 0) != 0)
            throw InputError(where + ": column " + std::to_string(i + 1) + " has no person id");
        const auto* official = reg.find(id);
        Member m{id, official ? official->at("name") : display_name(cell(sheet[1], i)),
                 chamber_of(official), official ? id : ""};
        out.push_back(std::move(m));
    }
    return out;
}

// Y per member and pair; a Y of a member named in the pair's lead-sponsor text of their
// own chamber is a lead sponsorship, every other Y a co-sponsorship.
void write_sponsorships(Snapshot& snap, const Sheet& sheet, const std::map<long, Pair>& pairs,
                        const std::vector<Member>& members, const std::string& where) {
    std::size_t leads = 0, not_sitting = 0;
    for (std::size_t i = 2; i < sheet.size(); ++i) {
        const auto& r = sheet[i];
        auto at = where + " row " + std::to_string(i + 1);
        long n = std::strtol(cell(r, 0).c_str(), nullptr, 10);
        auto it = pairs.find(n);
        if (it == pairs.end()) throw InputError(at + ": pair " + cell(r, 0) + " is not in sponsoredBills");
        const auto& p = it->second;
        auto numbers = p.house_number + (p.house_number.empty() ? "" : " / ") + p.senate_number;
        std::string listed;
        for (char c : cell(r, 1))
            if (c != ' ' && c != '.') listed += c;
        std::string expected;
        for (char c : numbers)
            if (c != ' ' && c != '.') expected += c;
        if (listed != expected)
            snap.warn("bills: sponsorship row " + cell(r, 0) + " lists '" + cell(r, 1) +
                      "', sponsoredBills " + numbers + "; sponsoredBills kept");
        for (std::size_t m = 0; m < members.size(); ++m) {
            const auto& v = cell(r, m + 3);
            if (v == "N" || v.empty()) continue;
            if (v != "Y") throw InputError(at + ": cell '" + v + "' is neither Y nor N");
            const auto& who = members[m];
            auto last = who.name.substr(who.name.rfind(' ') + 1);
            const auto& lead_text = who.chamber == "senate" ? p.senate_leads : p.house_leads;
            bool lead = !who.chamber.empty() && names_word(lead_text, last);
            leads += lead;
            not_sitting += who.official_id.empty();
            snap.add("bill_sponsors", {{"bill_id", p.key},
                                       {"person_id", who.person_id},
                                       {"person_name", who.name},
                                       {"official_id", who.official_id},
                                       {"role", lead ? "lead" : "cosponsor"},
                                       {"chamber", who.chamber},
                                       {"source", kScorecard}});
        }
    }
    snap.warn("bills: " + std::to_string(leads) + " of the 194th-session sponsorships are lead "
              "sponsors (named in the bill's sponsor text); the sheet marks leads and "
              "co-sponsors alike as Y");
    if (not_sitting)
        snap.warn("bills: " + std::to_string(not_sitting) + " 194th-session sponsorships are by "
                  "members who no longer hold their seat; kept with their person id");
}

// The group's position on a roll call, checked against the published totals: '+' (voted
// the position) must count as the side the totals give it. When only the opposite position
// fits the totals, the position cell is a typo and the totals win (warned).
std::string checked_position(Snapshot& snap, const Sheet& votes, std::size_t k,
                             const std::string& position, const std::string& yeas,
                             const std::string& nays, const std::string& what) {
    long plus = 0, minus = 0;
    for (std::size_t m = 4; m < votes.size(); ++m) {
        plus += cell(votes[m], k) == "+";
        minus += cell(votes[m], k) == "-";
    }
    long y = std::strtol(yeas.c_str(), nullptr, 10), n = std::strtol(nays.c_str(), nullptr, 10);
    long as_given = position == "yes" ? std::labs(plus - y) + std::labs(minus - n)
                                      : std::labs(plus - n) + std::labs(minus - y);
    long flipped = position == "yes" ? std::labs(plus - n) + std::labs(minus - y)
                                     : std::labs(plus - y) + std::labs(minus - n);
    if (flipped >= as_given) return position;
    auto other = position == "yes" ? std::string("no") : std::string("yes");
    snap.warn("roll calls: " + what + ": the sheet's position '" + position + "' contradicts its "
              "totals (" + yeas + " yea / " + nays + " nay, " + std::to_string(plus) +
              " members voting the position); read as '" + other + "'");
    return other;
}

// The scored roll calls of one chamber: the `houseBills`/`senateBills` sheet describes
// them, the `houseVotes`/`senateVotes` sheet has one row per member (id, name, then '+'
// = voted the group's position, '-' = against it, 'NV' = did not vote, 'n/a' = not a
// member then).
void write_roll_calls(Snapshot& snap, const rapidjson::Document& doc, const std::string& chamber,
                      const Registry& reg, const std::string& file) {
    auto bills_name = chamber + "Bills", votes_name = chamber + "Votes";
    auto bills = read_sheet(doc, bills_name.c_str(), file);
    auto votes = read_sheet(doc, votes_name.c_str(), file);
    auto where = file + ": " + bills_name;
    const auto& h = bills[0];
    auto c_number = column(h, "roll_call_number", where), c_bill = column(h, "bill_number", where),
         c_amend = column(h, "amendment", where), c_date = column(h, "vote_date", where),
         c_title = column(h, "title", where), c_desc = column(h, "description", where),
         c_position = column(h, "progressive_position", where), c_yeas = column(h, "# of Y", where),
         c_nays = column(h, "# of N", where), c_url = column(h, "roll_call_url", where);
    if (votes.size() < 4 || cell(votes[2], 0) != "RC #")
        throw InputError(file + ": " + votes_name + ": row 3 must be 'RC #'");
    std::size_t summaries = 0, absent = 0;
    for (std::size_t i = 1; i < bills.size(); ++i) {
        const auto& r = bills[i];
        auto at = where + " row " + std::to_string(i + 1);
        long number = std::strtol(cell(r, c_number).c_str(), nullptr, 10);
        if (number <= 0) throw InputError(at + ": no roll call number");
        if (number >= kFirstSummaryRow) {
            ++summaries;
            continue;
        }
        auto date = us_date(cell(r, c_date));
        if (date.empty()) throw InputError(at + ": vote_date '" + cell(r, c_date) + "' is not M/D/YYYY");
        auto position = lower(cell(r, c_position));
        if (position != "yes" && position != "no")
            throw InputError(at + ": progressive_position '" + cell(r, c_position) + "' is not YES/NO");
        const auto& rc = votes[2];
        auto col = std::find(rc.begin(), rc.end(), cell(r, c_number));
        if (col == rc.end()) throw InputError(at + ": roll call " + cell(r, c_number) + " has no vote column");
        auto k = static_cast<std::size_t>(col - rc.begin());
        position = checked_position(snap, votes, k, position, cell(r, c_yeas), cell(r, c_nays),
                                    chamber + " roll call " + std::to_string(number));
        auto bill = normalize_bill_number(cell(r, c_bill));
        auto id = std::string("194-") + chamber + "-" + std::to_string(number);
        snap.add("roll_calls", {{"id", id},
                                {"session", kSession},
                                {"chamber", chamber},
                                {"roll_call", std::to_string(number)},
                                {"bill_number", bill.value_or(cell(r, c_bill))},
                                {"amendment", cell(r, c_amend)},
                                {"date", date},
                                {"title", cell(r, c_title)},
                                {"description", cell(r, c_desc)},
                                {"scored_position", position},
                                {"yeas", cell(r, c_yeas)},
                                {"nays", cell(r, c_nays)},
                                {"url", cell(r, c_url)},
                                {"source", kScorecard},
                                {"as_of", snap.source(kScorecard).as_of}});
        long yes = 0, no = 0;
        for (std::size_t m = 4; m < votes.size(); ++m) {
            const auto& row = votes[m];
            const auto& person = cell(row, 0);
            if (person.rfind("ocd-person/", 0) != 0)
                throw InputError(file + ": " + votes_name + " row " + std::to_string(m + 1) + ": no person id");
            const auto& v = cell(row, k);
            std::string vote;
            if (v == "+") vote = position;
            else if (v == "-") vote = position == "yes" ? "no" : "yes";
            else if (v == "NV") vote = "not_voting";
            else if (v == "n/a" || v.empty()) {
                ++absent;
                continue;
            } else
                throw InputError(file + ": " + votes_name + " row " + std::to_string(m + 1) +
                                 ": vote '" + v + "' is not +, -, NV or n/a");
            yes += vote == "yes";
            no += vote == "no";
            snap.add("roll_call_votes", {{"roll_call_id", id},
                                         {"person_id", person},
                                         {"official_id", reg.has(person) ? person : ""},
                                         {"vote", vote},
                                         {"source", kScorecard}});
        }
        if (std::to_string(yes) != cell(r, c_yeas) || std::to_string(no) != cell(r, c_nays))
            snap.warn("roll calls: " + chamber + " roll call " + std::to_string(number) +
                      ": member votes add up to " + std::to_string(yes) + " yea / " +
                      std::to_string(no) + " nay, the sheet's totals are " + cell(r, c_yeas) +
                      " / " + cell(r, c_nays) + "; member votes kept, totals as published");
    }
    snap.warn("roll calls: " + std::to_string(summaries) + " " + chamber + " rows numbered " +
              std::to_string(kFirstSummaryRow) + "+ are the group's summary scores, not roll calls; skipped");
    snap.warn("roll calls: " + std::to_string(absent) + " " + chamber +
              " member/roll-call cells are 'n/a' (not a member at the time); no row written");
}

}  // namespace

void import_scorecard(Snapshot& snap, const Registry& reg) {
    geo::add_folder_source(snap, {kScorecard, "Progressive Massachusetts legislator scorecard: "
                                  "194th-session bills, co-sponsors and scored roll calls",
                                  "https://github.com/ProgressiveMass/legislator-scorecard",
                                  "code MIT; sheet without data license (public legislative record)",
                                  "2026-04-01",
                                  "an advocacy group's compilation, not the Legislature's record; "
                                  "Y merges House and Senate versions"});
    auto file = snap.raw(std::string(kScorecard) + "/2025.json");
    auto doc = geo::read_json(file);
    auto pairs = read_pairs(snap, read_sheet(doc, "sponsoredBills", file.string()),
                            file.string() + ": sponsoredBills");
    for (const auto& [n, p] : pairs) write_bill(snap, p);
    auto grid = read_sheet(doc, "sponsorship", file.string());
    auto members = read_members(grid, reg, file.string() + ": sponsorship");
    write_sponsorships(snap, grid, pairs, members, file.string() + ": sponsorship");
    write_roll_calls(snap, doc, "house", reg, file.string());
    write_roll_calls(snap, doc, "senate", reg, file.string());
}

}  // namespace masscivic::import::people
