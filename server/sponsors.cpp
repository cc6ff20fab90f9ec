// /v1/sponsors: who could carry an advocacy toolkit's ordinance in a town, and who in the
// Legislature could champion a related bill. The ranking rules are data, not magic: each
// candidate's score is the sum of the points below and every point comes with a reason.
#include "civics_text.hpp"
#include "local_actions.hpp"
#include "lookup.hpp"
#include "lookup_data.hpp"
#include "text.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace masscivic::server {

namespace {

// Points per reason (documented in docs/API.md and returned as `ranking_rules`).
constexpr long long kRepresentsTown = 100;
constexpr long long kLeadSponsor = 40;
constexpr long long kCosponsor = 20;
// Backing the bill in the session now sitting outweighs having backed it before.
constexpr long long kCurrentLeadSponsor = 60;
constexpr long long kCurrentCosponsor = 50;
constexpr long long kCommitteeChair = 30;
constexpr long long kCommitteeViceChair = 20;
constexpr long long kCommitteeMember = 10;
constexpr std::size_t kMaxStateCandidates = 40;
constexpr std::size_t kMaxParameterLength = 100;

const std::vector<std::string>& ranking_rules() {
    static const std::vector<std::string> rules = {
        "+100: represents the town in the State House or State Senate (every one of the town's "
        "legislators is listed, also when the town is split between districts)",
        "+60 per related bill of the current session: lead sponsor; +50: co-sponsor",
        "+40 per related bill of a past session: lead sponsor; +20: co-sponsor",
        "+30: chair, +20: vice chair, +10: other member of a committee that would hear the bill",
        "ties: the town's own legislators first, then by name; at most 40 state candidates",
        "local officials are not scored: every member we know of the body that would pass the "
        "ordinance is listed, unverified ones marked as such"};
    return rules;
}

// "193rd" -> "2023-2024": each General Court sits two years, the 191st from 2019.
Text session_years(const Text& session) {
    if (!session) return std::nullopt;
    int n = 0;
    for (char c : *session) {
        if (c < '0' || c > '9') break;
        n = n * 10 + (c - '0');
    }
    if (n < 100 || n > 300) return std::nullopt;
    int first = 2019 + (n - 191) * 2;
    return std::to_string(first) + "-" + std::to_string(first + 1);
}

BillRef bill_ref(const Data::Bill& b) {
    return {b.id,           b.title,         b.session,          session_years(b.session),
            b.house_number, b.senate_number, b.url,              b.current,
            b.official_title, b.house_status, b.senate_status,   b.lead_sponsors,
            b.source};
}

std::string bill_numbers(const Data::Bill& b) {
    std::string numbers;
    for (const auto& n : {b.house_number, b.senate_number})
        if (n) numbers += (numbers.empty() ? "" : "/") + *n;
    return numbers;
}

std::string session_label(const Data::Bill& b) {
    auto years = session_years(b.session);
    return years ? *b.session + " session, " + *years : std::string("session unknown");
}

// "H.2288/S.1510 Safe Communities Act (193rd session, 2023-2024)".
std::string bill_label(const Data::Bill& b) {
    auto numbers = bill_numbers(b);
    return (numbers.empty() ? b.title : numbers + " " + b.title) + " (" + session_label(b) + ")";
}

// "co-sponsors H.2580/S.1681, the Safe Communities Act, this session (194th, 2025-2026)".
std::string current_sponsorship_reason(const Data::Bill& b, bool lead) {
    auto numbers = bill_numbers(b);
    return std::string(lead ? "lead sponsor of " : "co-sponsors ") +
           (numbers.empty() ? "" : numbers + ", ") + "the " + b.title + ", this session (" +
           session_label(b) + ")";
}

// Bills a `bill=` topic names: an exact id, or every bill whose title or id contains the
// topic's words.
std::vector<const Data::Bill*> bills_for_topic(const Data& d, const std::string& topic) {
    std::vector<const Data::Bill*> out;
    if (auto it = d.bills.find(topic); it != d.bills.end()) return {&it->second};
    auto key = name_key(topic);
    if (key.empty()) return out;
    for (const auto& [id, b] : d.bills)
        if (name_key(b.title).find(key) != std::string::npos ||
            name_key(id).find(key) != std::string::npos)
            out.push_back(&b);
    return out;
}

const Data::ToolkitDef* find_toolkit(const Data& d, const std::string& id) {
    for (const auto& t : d.toolkits)
        if (t.id == id) return &t;
    return nullptr;
}

std::string toolkit_ids(const Data& d) {
    std::string ids;
    for (const auto& t : d.toolkits)
        ids += (ids.empty() ? "" : ", ") + t.id;
    return ids;
}

std::string committee_role_reason(const std::string& role, const std::string& committee) {
    return (role.empty() ? std::string("member") : role) + " of the " + committee + " committee";
}

long long committee_points(const std::string& role) {
    if (role == "chair") return kCommitteeChair;
    if (role == "vice chair") return kCommitteeViceChair;
    return kCommitteeMember;
}

class StateRanking {
  public:
    using Record = std::shared_ptr<const Official>;

    void represents(const Record& o, const std::string& reason) {
        auto& c = entry(o);
        if (!c.represents) c.score += kRepresentsTown;
        c.represents = true;
        c.candidate.reasons.push_back(reason);
    }

    void sponsored(const Record& o, const Data::Bill& b, const std::string& role) {
        auto& c = entry(o);
        bool lead = role == "lead";
        if (b.current) {
            c.score += lead ? kCurrentLeadSponsor : kCurrentCosponsor;
            c.candidate.reasons.push_back(current_sponsorship_reason(b, lead));
            return;
        }
        c.score += lead ? kLeadSponsor : kCosponsor;
        c.candidate.reasons.push_back((lead ? "lead sponsor of " : "co-sponsored ") +
                                      bill_label(b));
    }

    void on_committee(const Record& o, const std::string& committee, const std::string& role) {
        auto& c = entry(o);
        c.score += committee_points(role);
        c.candidate.reasons.push_back(committee_role_reason(role, committee));
    }

    std::vector<SponsorCandidate> ranked() && {
        std::vector<Entry*> order;
        for (auto& [id, e] : entries_)
            order.push_back(&e);
        std::sort(order.begin(), order.end(), [](const Entry* a, const Entry* b) {
            if (a->score != b->score) return a->score > b->score;
            if (a->represents != b->represents) return a->represents;
            return a->candidate.official->name.value_or("") <
                   b->candidate.official->name.value_or("");
        });
        std::vector<SponsorCandidate> out;
        for (auto* e : order) {
            if (out.size() >= kMaxStateCandidates && !e->represents) continue;
            e->candidate.score = e->score;
            out.push_back(std::move(e->candidate));
        }
        return out;
    }

  private:
    struct Entry {
        SponsorCandidate candidate;
        long long score = 0;
        bool represents = false;
    };
    Entry& entry(const Record& o) {
        auto it = entries_.find(o->id);
        if (it == entries_.end())
            it = entries_.emplace(o->id, Entry{SponsorCandidate{ListedOfficial(o.get()), 0, {}}}).first;
        return it->second;
    }
    std::map<std::string, Entry> entries_;
};

bool is_legislator(const Official& o) {
    return o.office == "state_representative" || o.office == "state_senator";
}

// The town's own legislators: every House and Senate district that covers part of it.
void add_town_legislators(const Data& d, const MunicipalityDetail& town, StateRanking& ranking,
                          std::vector<std::string>& notes) {
    for (const auto& dw : town.districts) {
        const auto& dist = dw.district;
        if (dist.chamber != "house" && dist.chamber != "senate") continue;
        std::size_t total = 0;
        if (auto it = d.precincts_by_town.find(town.municipality.geoid);
            it != d.precincts_by_town.end())
            total = it->second.size();
        bool whole = dw.precincts.size() >= total;
        std::string reason = std::string(whole ? "represents " : "represents part of ") +
                             town.municipality.name + " (" + dist.display_name +
                             (whole ? ""
                                    : ", " + std::to_string(dw.precincts.size()) + " of " +
                                          std::to_string(total) + " precincts") +
                             ")";
        bool held = false;
        if (auto it = d.officials_by_division.find(dist.ocd_id);
            it != d.officials_by_division.end())
            for (auto i : it->second)
                if (is_legislator(*d.officials[i])) {
                    ranking.represents(d.officials[i], reason);
                    held = true;
                }
        if (!held)
            notes.push_back("The " + dist.display_name + " seat, which covers " +
                            (whole ? "" : "part of ") + town.municipality.name +
                            ", is vacant: its next member is a natural contact.");
    }
}

void add_committee_members(const Data& d, const std::vector<std::string>& committees,
                           StateRanking& ranking) {
    std::set<std::string> wanted(committees.begin(), committees.end());
    for (const auto& o : d.officials) {
        if (!is_legislator(*o)) continue;
        for (const auto& c : o->committees)
            if (wanted.contains(c.name)) ranking.on_committee(o, c.name, c.role);
    }
}

void add_bill_sponsors(const Data& d, const std::vector<const Data::Bill*>& bills,
                       StateRanking& ranking) {
    for (const auto* b : bills)
        for (const auto& s : b->current_sponsors)
            if (auto it = d.official_by_id.find(s.official_id); it != d.official_by_id.end())
                if (is_legislator(*d.officials[it->second]))
                    ranking.sponsored(d.officials[it->second], *b, s.role);
}

// Where the co-sponsorships come from, and plainly when the current session has no bill on
// the subject.
void add_cosponsorship_notes(const Data& d, const std::vector<const Data::Bill*>& bills,
                             bool toolkit, std::vector<std::string>& notes) {
    bool current = std::any_of(bills.begin(), bills.end(), [](const auto* b) { return b->current; });
    bool past = std::any_of(bills.begin(), bills.end(), [](const auto* b) { return !b->current; });
    std::string session = "the current session";
    if (auto years = session_years(d.current_session))
        session += " (" + *d.current_session + " General Court, " + *years + ")";
    if (current)
        notes.push_back("Co-sponsorships of " + session + " come from Progressive Massachusetts' "
                        "legislator scorecard (as of " + d.bills_as_of + "): an advocacy group's "
                        "compilation, not the Legislature's own record; the bill's page on "
                        "malegislature.gov has the official list.");
    else if (toolkit)
        notes.push_back("No bill on this subject is on the agenda we track for " + session +
                        " (Progressive Massachusetts' scorecard), so no current co-sponsor can "
                        "be named.");
    if (past)
        notes.push_back("Past co-sponsorship comes from an advocacy group's records of the "
                        "2019-2024 sessions (191st-193rd General Court): it shows who backed "
                        "the idea before.");
    if (bills.empty() && toolkit)
        notes.push_back("Our co-sponsorship data has no state bill on this subject, so state "
                        "candidates are ranked by district and committee only.");
}

// Local officials who would carry or vote on the ordinance, per form of government.
std::string local_role_reason(const Official& o, const Municipality& m) {
    if (o.office == "council_member")
        return "member of the " + m.name + " " + m.legislative_body +
               ", which would vote on the ordinance";
    if (o.office == "mayor")
        return "mayor: can propose the ordinance to the council and signs or vetoes it";
    if (o.office == "select_board_member")
        return "member of the " + m.policy_board.value_or("Select Board") +
               ", which places articles on the town meeting warrant and can sponsor one";
    return {};
}

LocalSponsors local_sponsors(const MunicipalityDetail& town) {
    const auto& m = town.municipality;
    LocalSponsors out;
    out.body = local_body_for_ordinance(m);
    out.how_to_petition = how_to_petition(m);
    out.clerk = m.clerk;
    out.website = m.website;
    for (const auto& o : town.officials) {
        auto reason = local_role_reason(*o, m);
        if (reason.empty()) continue;
        SponsorCandidate c{o, 0, {reason}};
        if (!o->verified)
            c.reasons.push_back("unverified: machine-extracted from " +
                                o->source_url.value_or(o->source) + " on " + o->as_of +
                                "; please confirm with the town");
        out.members.push_back(std::move(c));
    }
    bool council = m.legislative_body.find("Council") != std::string::npos;
    bool has_members = std::any_of(out.members.begin(), out.members.end(),
                                   [](const auto& c) { return c.official->office != "mayor"; });
    if (!has_members) {
        std::string who =
            council ? "the names of the " + m.name + " " + m.legislative_body + " members"
                    : "the names of " + m.name + "'s " + m.policy_board.value_or("Select Board");
        std::string contact;
        if (m.clerk) {
            for (const auto& [label, v] :
                 {std::pair{"phone ", m.clerk->phone}, {"email ", m.clerk->email}})
                if (v) contact += (contact.empty() ? "" : ", ") + std::string(label) + *v;
        }
        out.missing.push_back("We don't have " + who +
                              " yet. The town clerk can tell you who "
                              "they are" +
                              (contact.empty() ? "" : " (" + contact + ")") +
                              (m.website ? "; the town's website is " + *m.website : "") + ".");
    }
    return out;
}

} // namespace

Result<SponsorList> Lookup::sponsors(const SponsorQuery& q) const {
    const Data& d = *d_;
    for (const auto& [name, v] :
         {std::pair{"toolkit", &q.toolkit}, {"town", &q.town}, {"bill", &q.bill}})
        if (*v && (*v)->size() > kMaxParameterLength)
            return bad_parameter(name, "is longer than " + std::to_string(kMaxParameterLength) +
                                           " characters");
    if (!q.town || q.town->empty())
        return bad_parameter("town", "is required (the town where the ordinance would pass)");
    if ((!q.toolkit || q.toolkit->empty()) && (!q.bill || q.bill->empty()))
        return bad_parameter("toolkit", "give toolkit (" + toolkit_ids(d) + ") or bill (a topic)");
    if (!d.toolkits_loaded)
        return Error{ErrorCode::NoDatabase,
                     "This database has no toolkits (datasets/toolkits.json was absent at import)."};

    const Data::ToolkitDef* toolkit = nullptr;
    if (q.toolkit && !q.toolkit->empty()) {
        toolkit = find_toolkit(d, *q.toolkit);
        if (!toolkit)
            return bad_parameter("toolkit", "unknown toolkit '" + *q.toolkit + "'; use one of " +
                                                toolkit_ids(d));
    }
    auto town = municipality(*q.town);
    if (!town) return town.error();

    std::vector<const Data::Bill*> bills;
    if (q.bill && !q.bill->empty()) {
        bills = bills_for_topic(d, *q.bill);
        if (bills.empty())
            return not_found("No bill about '" + *q.bill + "' in our co-sponsorship data (" +
                             std::to_string(d.bills.size()) +
                             " bills advocacy groups tracked, 2019 to the current session).");
    } else if (toolkit) {
        for (const auto& id : toolkit->related_bills)
            if (auto it = d.bills.find(id); it != d.bills.end()) bills.push_back(&it->second);
    }

    SponsorList out;
    out.municipality = town->municipality;
    out.data_as_of = d.as_of;
    out.cosponsorship_as_of = d.bills_as_of;
    out.ranking_rules = ranking_rules();
    if (toolkit) {
        out.toolkit = Toolkit{toolkit->id, toolkit->name, toolkit->summary, toolkit->links,
                              local_body_for_ordinance(town->municipality), {}, std::nullopt};
        out.committees = toolkit->state_committees;
    }
    // The current session's bills first: they are the ones an organizer can still move.
    std::stable_sort(bills.begin(), bills.end(),
                     [](const Data::Bill* a, const Data::Bill* b) { return a->current > b->current; });
    for (const auto* b : bills)
        out.bills.push_back(bill_ref(*b));
    out.local = local_sponsors(*town);
    if (toolkit) {
        // First thing an organizer asks: has this town acted before, and how did it go?
        auto topics = toolkit_topics(toolkit->id);
        out.local_actions = town_local_actions(d, town->municipality.geoid, topics);
        out.notes.push_back(local_history_note(town->municipality, out.local_actions, topics));
    }

    StateRanking ranking;
    add_town_legislators(d, *town, ranking, out.notes);
    add_committee_members(d, out.committees, ranking);
    add_bill_sponsors(d, bills, ranking);
    out.state = std::move(ranking).ranked();

    add_cosponsorship_notes(d, bills, toolkit != nullptr, out.notes);
    if (!out.committees.empty())
        out.notes.push_back("Committee memberships are as the Legislature listed them in spring "
                            "2026; check the Legislature's site for changes.");
    return out;
}

} // namespace masscivic::server
