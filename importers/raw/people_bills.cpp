// Bills and their sponsors from Act on Mass's curated lists (191st-193rd sessions), with
// its legislator slugs mapped to Open States person ids.
#include "people_common.hpp"

#include "csv.hpp"
#include "text.hpp"

#include <algorithm>
#include <cstring>


namespace masscivic::import::people {

namespace {

struct Legislator {
    std::string person_id, name, chamber;
};

// Slug (aom_id, and the file stem where it differs) -> legislator.
std::map<std::string, Legislator> read_legislators(const Snapshot& snap) {
    std::map<std::string, Legislator> out;
    for (const auto& file : yaml_files(snap.raw("actonmass-bill-cosponsors/legislators"))) {
        auto where = file.string();
        auto doc = load_yaml(file);
        auto slug = required_text(doc, "aom_id", where);
        auto district = text(doc, "district", where);
        Legislator l{text(doc, "ocd_id", where),
                     trim(text(doc, "first_name", where) + " " + text(doc, "last_name", where)),
                     district.substr(0, district.find('-'))};
        if (l.name.empty()) l.name = slug;
        if (l.chamber != "house" && l.chamber != "senate") l.chamber.clear();
        if (!out.emplace(slug, l).second)
            throw InputError(where + ": aom_id '" + slug + "' is used by two files");
        out.emplace(file.stem().string(), l);  // a stem differing from aom_id is an alias
    }
    return out;
}

std::string ordinal(const std::string& number) {
    auto n = std::stoi(number);
    const char* suffix = "th";
    if (n % 100 < 11 || n % 100 > 13) {
        if (n % 10 == 1) suffix = "st";
        else if (n % 10 == 2) suffix = "nd";
        else if (n % 10 == 3) suffix = "rd";
    }
    return number + suffix;
}

// Session ("193rd") from a malegislature.gov bill URL (.../Bills/193/H2288).
std::string session_of(const std::string& url) {
    static const std::string marker = "malegislature.gov/Bills/";
    auto at = url.find(marker);
    if (at == std::string::npos) return "";
    auto number = url.substr(at + marker.size(), 4);
    if (number.size() != 4 || number[3] != '/' ||
        number.find_first_not_of("0123456789", 0) != 3)
        return "";
    return ordinal(number.substr(0, 3));
}

}  // namespace

// "H.2288", "H2288", "HD.3491", "H.872 " -> "H.2288", "H.2288", "HD.3491", "H.872";
// nullopt when the text is not a bill number.
std::optional<std::string> normalize_bill_number(const std::string& raw) {
    auto s = trim(raw);
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string prefix;
    for (const char* p : {"HD", "SD", "H", "S"})
        if (s.compare(0, std::strlen(p), p) == 0) {
            prefix = p;
            break;
        }
    if (prefix.empty()) return std::nullopt;
    std::size_t i = prefix.size();
    while (i < s.size() && s[i] == ' ') ++i;
    if (i < s.size() && s[i] == '.') ++i;
    while (i < s.size() && s[i] == ' ') ++i;
    auto digits = s.substr(i);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
    return prefix + "." + digits;
}

namespace {

void add_bill(Snapshot& snap, const YAML::Node& doc, const std::string& id,
              const std::string& where) {
    auto house_link = text(doc, "house_link", where);
    auto senate_link = text(doc, "senate_link", where);
    auto session = session_of(house_link);
    auto senate_session = session_of(senate_link);
    if (session.empty()) session = senate_session;
    else if (!senate_session.empty() && senate_session != session)
        snap.warn("bills: " + id + ": House link is " + session + " session, Senate link " +
                  senate_session + "; House kept");
    auto number = [&](const char* key) {
        auto raw = text(doc, key, where);
        if (raw.empty()) return std::string();
        if (auto n = normalize_bill_number(raw)) return *n;
        snap.warn("bills: " + id + ": " + key + " '" + raw + "' is not a bill number; left empty");
        return std::string();
    };
    snap.add("bills", {{"id", id},
                       {"title", required_text(doc, "title", where)},
                       {"session", session},
                       {"house_number", number("house_no")},
                       {"senate_number", number("senate_no")},
                       {"url", house_link.empty() ? senate_link : house_link},
                       {"issue", text(doc, "issue", where)},
                       {"source", kActOnMass},
                       {"as_of", snap.source(kActOnMass).as_of}});
}

// Writes the sponsor rows of all bills, one per bill and person name, and counts what
// the rules merge or cannot map (reported once at the end).
class SponsorWriter {
public:
    SponsorWriter(Snapshot& snap, const Registry& reg) : snap_(snap), reg_(reg) {
        legislators_ = read_legislators(snap);
    }

    // Leads must be added before cosponsors: a lead also listed as cosponsor stays a lead.
    void add(const std::string& bill, const YAML::Node& doc, const char* key, const char* role,
             const std::string& chamber, const std::string& where) {
        auto list = sequence(doc, key, where);
        for (std::size_t i = 0; i < list.size(); ++i) {
            auto kw = where + ": " + key + "[" + std::to_string(i) + "]";
            if (!list[i].IsScalar()) throw InputError(kw + ": not a legislator slug");
            auto slug = trim(list[i].Scalar());
            if (slug.empty()) continue;
            auto l = legislator(slug, chamber);
            if (auto [it, fresh] = role_of_[bill].emplace(l.name, role); !fresh) {
                if (it->second == "lead" && std::string(role) == "cosponsor") ++lead_repeats_;
                else repeated_[bill] += (repeated_[bill].empty() ? "" : ", ") + l.name;
                continue;
            }
            snap_.add("bill_sponsors", {{"bill_id", bill},
                                        {"person_id", l.person_id},
                                        {"person_name", l.name},
                                        {"official_id", reg_.has(l.person_id) ? l.person_id : ""},
                                        {"role", role},
                                        {"chamber", l.chamber},
                                        {"source", kActOnMass}});
        }
    }

    void report() const {
        for (const auto& [bill, names] : repeated_)
            if (!names.empty())
                snap_.warn("bills: " + bill + ": listed twice, first entry kept: " + names);
        for (const auto& [slug, bills] : unknown_slugs_)
            snap_.warn("bills: sponsor slug '" + slug + "' (" + std::to_string(bills) +
                       " bills) has no Act on Mass legislator file; name left as the slug");
        if (lead_repeats_)
            snap_.warn("bills: " + std::to_string(lead_repeats_) +
                       " cosponsor entries repeat a lead sponsor of the same bill; kept as lead");
    }

private:
    Legislator legislator(const std::string& slug, const std::string& chamber) {
        auto it = legislators_.find(slug);
        if (it == legislators_.end()) {
            ++unknown_slugs_[slug];
            return {"", slug, chamber};
        }
        auto l = it->second;
        if (l.chamber.empty()) l.chamber = chamber;
        return l;
    }

    Snapshot& snap_;
    const Registry& reg_;
    std::map<std::string, Legislator> legislators_;
    std::map<std::string, std::map<std::string, std::string>> role_of_;  // bill -> name -> role
    std::map<std::string, std::string> repeated_;                        // bill -> names
    std::map<std::string, std::size_t> unknown_slugs_;                   // slug -> bills
    std::size_t lead_repeats_ = 0;
};

}  // namespace

void import_bills(Snapshot& snap, const Registry& reg) {
    SponsorWriter sponsors(snap, reg);
    for (const auto& file : yaml_files(snap.raw("actonmass-bill-cosponsors/bills"))) {
        auto where = file.string();
        auto doc = load_yaml(file);
        // The file stem is the id: several files carry a placeholder aom_id.
        auto id = file.stem().string();
        add_bill(snap, doc, id, where);
        sponsors.add(id, doc, "house_lead_sponsors", "lead", "house", where);
        sponsors.add(id, doc, "senate_lead_sponsors", "lead", "senate", where);
        sponsors.add(id, doc, "co_sponsors", "cosponsor", "", where);
    }
    sponsors.report();
}

}  // namespace masscivic::import::people
