// Legislative committees and their members (openstates-people-ma/committees).
#include "people_common.hpp"

#include "csv.hpp"
#include "text.hpp"

namespace masscivic::import::people {

namespace {

// The committee data predates the legislator data (PROVENANCE.md): rows carry its own date.
constexpr const char* kCommitteesAsOf = "2026-04-02";

std::string committee_chamber(const std::string& raw, const std::string& where) {
    if (raw == "legislature") return "joint";
    if (raw == "lower") return "house";
    if (raw == "upper") return "senate";
    throw InputError(where + ": unknown committee chamber '" + raw + "'");
}

}  // namespace

// "ranking  member" -> "ranking member": lower case, inner whitespace runs collapsed.
std::string normalize_committee_role(const std::string& raw) {
    std::string out;
    for (char c : trim(raw)) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out.empty() ? "member" : out;
}

void import_committees(Snapshot& snap, const Registry& reg) {
    for (const auto& file : yaml_files(snap.raw("openstates-people-ma/committees"))) {
        auto where = file.string();
        auto doc = load_yaml(file);
        auto id = required_text(doc, "id", where);
        auto name = required_text(doc, "name", where);
        std::string url;
        for (const char* key : {"links", "sources"})
            for (const auto& l : sequence(doc, key, where))
                if (url.empty()) url = text(l, "url", where + ": " + key);
        snap.add("committees", {{"id", id},
                                {"name", name},
                                {"chamber", committee_chamber(required_text(doc, "chamber", where), where)},
                                {"url", url},
                                {"source", kOpenStates},
                                {"as_of", kCommitteesAsOf}});
        std::set<std::string> seated;
        auto members = sequence(doc, "members", where);
        for (std::size_t i = 0; i < members.size(); ++i) {
            auto mw = where + ": members[" + std::to_string(i) + "]";
            auto person = text(members[i], "person_id", mw);
            auto member = text(members[i], "name", mw);
            if (person.empty() || !reg.has(person)) {
                snap.warn("committees: " + name + ": " + member + " (" +
                          (person.empty() ? "no person id" : person) +
                          ") is not a current official; membership skipped");
                continue;
            }
            if (!seated.insert(person).second) {
                snap.warn("committees: " + name + ": " + member + " listed twice; first role kept");
                continue;
            }
            snap.add("committee_members", {{"committee_id", id},
                                           {"official_id", person},
                                           {"role", normalize_committee_role(text(members[i], "role", mw))},
                                           {"source", kOpenStates},
                                           {"as_of", kCommitteesAsOf}});
        }
    }
}

}  // namespace masscivic::import::people
