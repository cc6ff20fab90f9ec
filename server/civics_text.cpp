#include "civics_text.hpp"

namespace masscivic::server {

namespace {

std::string board(const Municipality& m) {
    return m.policy_board.value_or("Select Board");
}

bool is_town_meeting(const Municipality& m) {
    return m.legislative_body == "Open Town Meeting" ||
           m.legislative_body == "Representative Town Meeting";
}

// Citizen petitions for warrant articles: M.G.L. c. 39, s. 10 (applies to every town
// that governs by town meeting, open or representative).
std::string warrant_petition(const Municipality& m) {
    return "Any registered voter of " + m.name +
           " can add an article to the town meeting warrant by citizen petition: get the "
           "signatures of at least 10 registered voters for the annual town meeting, or of 100 "
           "voters (or 10% of all voters, if that is fewer) for a special town meeting, and file "
           "the petition with the " +
           board(m) +
           " before the warrant closes (Massachusetts General Laws chapter 39, section 10). The "
           "town clerk can confirm the deadline and the petition form.";
}

} // namespace

std::string how_local_laws_pass(const Municipality& m) {
    const std::string& body = m.legislative_body;
    if (body == "Open Town Meeting")
        return m.name +
               " makes its local laws (bylaws) at town meeting, where every registered voter of "
               "the town may come, speak and vote. A proposal must first be printed as an "
               "article on the warrant, the meeting's agenda, which the " +
               board(m) +
               " issues. Most bylaws need a simple majority of those voting; some subjects, "
               "zoning among them, need two thirds. The clerk then sends a new general bylaw to "
               "the Attorney General for review, and it takes effect after approval and "
               "publication.";
    if (body == "Representative Town Meeting")
        return m.name +
               " makes its bylaws at a representative town meeting: voters in each precinct "
               "elect town meeting members, and those members debate and vote on the articles "
               "of the warrant that the " +
               board(m) +
               " issues. Most bylaws need a simple majority; some, such as zoning, need two "
               "thirds. New general bylaws then go to the Attorney General for review before "
               "they take effect.";
    std::string council = m.name + " " + body;
    std::string text = "In " + m.name + ", local laws (ordinances) are adopted by the " + council +
                       ". A councillor introduces the proposal; it is usually sent to a "
                       "committee that holds a public hearing, and the full council then votes, "
                       "often at two separate meetings as the charter requires.";
    if (m.chief_executive_title && *m.chief_executive_title == "Mayor")
        text += " The mayor can sign or veto it, and the council can override a veto by a "
                "two-thirds vote.";
    if (m.kind == "town")
        text += " Because " + m.name +
                " is legally a town, its general bylaws are also reviewed by the Attorney "
                "General.";
    return text + " The " + m.kind + " charter sets the details.";
}

std::string how_to_petition(const Municipality& m) {
    if (is_town_meeting(m)) {
        std::string text = warrant_petition(m);
        if (m.legislative_body == "Representative Town Meeting")
            text += " Then ask the town meeting members from your precinct to support it; "
                    "residents who are not members can usually speak with the meeting's "
                    "permission.";
        else
            text += " Then come to town meeting to present it: every registered voter votes.";
        return text;
    }
    return "Ask a member of the " + m.name + " " + m.legislative_body +
           " to file your proposal (any member can sponsor an order or ordinance), speak during "
           "public comment at a council meeting, and testify at the committee hearing. Many "
           "charters also let residents file a petition that the council must take up; the " +
           m.kind + " clerk can explain the rules and deadlines.";
}

LocalBody local_body_for_ordinance(const Municipality& m) {
    const std::string& body = m.legislative_body;
    if (body == "Open Town Meeting")
        return {m.name + " Town Meeting (open to all registered voters)",
                "Put it on the town meeting warrant as a bylaw article (a citizen petition needs "
                "10 registered voters' signatures for the annual meeting), then win a majority "
                "of the voters at the meeting; the Attorney General reviews it afterwards."};
    if (body == "Representative Town Meeting")
        return {m.name + " Representative Town Meeting",
                "Put it on the warrant as a bylaw article (a citizen petition needs 10 registered "
                "voters' signatures for the annual meeting) and persuade a majority of the elected "
                "town meeting members; the Attorney General reviews it afterwards."};
    return {m.name + " " + body,
            "Ask a member of the " + body +
                " to file it as an ordinance; it goes to a committee with a public hearing, then "
                "to a vote of the full council."};
}

} // namespace masscivic::server
