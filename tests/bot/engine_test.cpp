// Whole dialogues through the conversation engine with a fake lookup server, in English,
// Spanish and Portuguese; plus the catalogs' completeness and the engine's refusals.
#include <gtest/gtest.h>

#include <tuple>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "engine.hpp"
#include "fake_lookup.hpp"
#include "language.hpp"
#include "text.hpp"
#include "understand.hpp"

namespace masscivic::bot {
namespace {

const std::filesystem::path kMessages = std::filesystem::path(MASSCIVIC_SOURCE_DIR) / "bot/messages";

std::string all_text(const Outgoing& out) {
    std::string s;
    for (const auto& r : out.replies) {
        s += r.text + "\n";
        for (const auto& l : r.links) s += "[" + l.title + "](" + l.url + ")\n";
        for (const auto& b : r.buttons) s += "<" + b.label + "|" + b.payload + ">\n";
    }
    return s;
}

bool has_link(const Outgoing& out, const std::string& url_part) {
    for (const auto& r : out.replies)
        for (const auto& l : r.links)
            if (l.url.find(url_part) != std::string::npos) return true;
    return false;
}

class Dialogue : public ::testing::Test {
protected:
    Dialogue() : catalog(Catalog::load_dir(kMessages)), store(":memory:", std::chrono::hours(24)),
                 engine(fake, catalog, store) {
        testing::load_world(fake);
    }
    Outgoing say(const std::string& text, const std::string& user = "u1") {
        return engine.handle(Incoming{"test", user, text, std::nullopt});
    }
    testing::FakeLookup fake;
    Catalog catalog;
    SessionStore store;
    Engine engine;
};

// The language the engine would detect on a first turn.
std::string lang_of(const std::string& message, const Catalog& catalog) {
    return detect_language(message, tokenize(message), catalog, "").lang;
}

// An office word one letter off is read as that office, when nothing else names one; real
// words one letter from an office word are not.
TEST(Understand, OfficeWordsWithATypo) {
    auto catalog = Catalog::load_dir(kMessages);
    for (const auto& [text, office, place] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"hey whos the mayer of duxbury", "mayor", "duxbury"},
             {"whos my senater in lowell", "state_senator", "lowell"},
             {"quien es el alcade de lawrence", "mayor", "lawrence"},
             {"who is my goverenor", "governor", ""},
             {"my represenative in acton?", "state_representative", "acton"}}) {
        auto p = understand(text, catalog);
        EXPECT_EQ(p.office, office) << text;
        EXPECT_EQ(p.intent, Intent::represent) << text;
        EXPECT_EQ(p.place_text, place) << text;
    }
    for (const auto* text : {"what is the major issue in boston", "qual é o governo de boston",
                             "who is the mayor and the senator of acton"})
        EXPECT_NE(understand(text, catalog).office, "governor") << text;
    EXPECT_EQ(understand("what is the major issue in boston", catalog).office, "");
    EXPECT_EQ(understand("who is the mayor and the senator of acton", catalog).office, "mayor");
}

TEST(Understand, FindsIntentOfficeAndPlace) {
    auto catalog = Catalog::load_dir(kMessages);
    auto p = understand("who's my state rep? I live in Jamaica Plain", catalog);
    EXPECT_EQ(p.intent, Intent::represent);
    EXPECT_EQ(p.office, "state_representative");
    EXPECT_EQ(p.place_text, "jamaica plain");
    EXPECT_EQ(lang_of("who's my state rep? I live in Jamaica Plain", catalog), "en");

    p = understand("How does Acton pass a bylaw?", catalog);
    EXPECT_EQ(p.intent, Intent::govern);
    EXPECT_EQ(p.place_text, "acton");

    p = understand("I want my town to pass a sanctuary ordinance — where do I start?", catalog);
    EXPECT_EQ(p.intent, Intent::campaign);
    EXPECT_EQ(p.toolkit, "sanctuary");
    EXPECT_EQ(p.place_text, "");

    p = understand("who could sponsor a CCOPS ordinance in Worcester?", catalog);
    EXPECT_EQ(p.intent, Intent::sponsor);
    EXPECT_EQ(p.toolkit, "ccops");
    EXPECT_EQ(p.place_text, "worcester");

    p = understand("¿Quién es mi senador estatal en Lawrence?", catalog);
    EXPECT_EQ(p.intent, Intent::represent);
    EXPECT_EQ(p.office, "state_senator");
    EXPECT_EQ(p.place_text, "lawrence");
    EXPECT_EQ(lang_of("¿Quién es mi senador estatal en Lawrence?", catalog), "es");

    p = understand("Quem é meu deputado estadual em Acton?", catalog);
    EXPECT_EQ(p.office, "state_representative");
    EXPECT_EQ(p.place_text, "acton");
    EXPECT_EQ(lang_of("Quem é meu deputado estadual em Acton?", catalog), "pt");

    p = understand("¿Cómo aprueba Chelsea una ordenanza?", catalog);
    EXPECT_EQ(p.intent, Intent::govern);
    EXPECT_EQ(p.place_text, "chelsea");

    p = understand("what is a body camera ordinance", catalog);
    EXPECT_EQ(p.intent, Intent::toolkit);
    EXPECT_EQ(p.toolkit, "body-cameras");
    EXPECT_EQ(p.place_text, "");

    p = understand("o que é o kit de câmeras corporais?", catalog);
    EXPECT_EQ(lang_of("o que é o kit de câmeras corporais?", catalog), "pt");
    EXPECT_EQ(p.toolkit, "body-cameras");

    p = understand("how does Somerville make its laws", catalog);
    EXPECT_EQ(p.intent, Intent::govern);
    EXPECT_EQ(p.place_text, "somerville");

    p = understand("Ward 2 Precinct 1, Cambridge", catalog);
    EXPECT_EQ(p.ward, "2");
    EXPECT_EQ(p.precinct, "1");
    EXPECT_EQ(p.place_text, "cambridge");

    p = understand("my US senators 01720", catalog);
    EXPECT_EQ(p.office, "us_senator");
    EXPECT_EQ(p.zip, "01720");

    p = understand("42.3601, -71.0589", catalog);
    ASSERT_TRUE(p.coords);
    EXPECT_NEAR(p.coords->lat, 42.3601, 1e-9);

    p = understand("town meeting in Manchester-by-the-Sea", catalog);
    EXPECT_EQ(p.place_text, "manchester by the sea");
}

TEST(Catalogs, EveryLanguageHasEveryMessage) {
    auto catalog = Catalog::load_dir(kMessages);
    const auto* en = catalog.pack("en");
    ASSERT_NE(en, nullptr);
    for (const auto& lang : {"es", "pt"}) {
        ASSERT_NE(catalog.pack(lang), nullptr) << lang;
        for (const auto& [key, _] : en->messages)
            EXPECT_TRUE(catalog.has(lang, key)) << lang << " lacks " << key;
    }
}

TEST(Catalogs, BadCatalogIsRefusedWithItsName) {
    Catalog c;
    EXPECT_THROW(c.add("{\"lang\": 3}", "broken.json"), std::runtime_error);
    try {
        c.add("not json", "broken.json");
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("broken.json"), std::string::npos);
    }
}

// A possible district with nobody on record is said so, never listed as a bare name.
TEST_F(Dialogue, SplitCityNamesADistrictWithNoMemberAsSuch) {
    auto text = all_text(say("whos my state senator, i live in jamaica plain", "s-empty"));
    EXPECT_NE(text.find("2nd Suffolk: no member on record"), std::string::npos) << text;
    auto es = all_text(say("quién es mi senador estatal? vivo en Jamaica Plain", "s-empty-es"));
    EXPECT_NE(es.find("2nd Suffolk: no tenemos registro"), std::string::npos) << es;
}

TEST_F(Dialogue, SplitCityAsksWardAndPrecinctThenAnswersWithContact) {
    auto first = say("who's my state rep? I live in Jamaica Plain");
    auto text = all_text(first);
    EXPECT_NE(text.find("Boston is split"), std::string::npos) << text;
    EXPECT_NE(text.find("15th Suffolk: Rita Rep"), std::string::npos) << text;
    EXPECT_NE(text.find("14th Suffolk: Hank House"), std::string::npos) << text;
    EXPECT_TRUE(has_link(first, "sec.state.ma.us"));

    auto second = say("10-1");
    text = all_text(second);
    EXPECT_NE(text.find("State Representative: Rita Rep"), std::string::npos) << text;
    EXPECT_NE(text.find("rita.rep@mahouse.example"), std::string::npos);
    EXPECT_TRUE(has_link(second, "mailto:rita.rep@mahouse.example"));
    EXPECT_EQ(text.find("Sam Sen"), std::string::npos) << "only the office asked for";
    EXPECT_EQ(fake.calls.back(), "/v1/lookup?town=Boston&ward=10&precinct=1");

    // The place is remembered: the next question needs no place.
    fake.calls.clear();
    auto third = say("and my state senator?");
    EXPECT_NE(all_text(third).find("Sam Sen"), std::string::npos) << all_text(third);
    auto saved = store.load("test", "u1");
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->place.municipality, "Boston");
    EXPECT_EQ(saved->place.ward, "10");
}

TEST_F(Dialogue, HowATownPassesABylaw) {
    auto out = say("How does Acton pass a bylaw?");
    auto text = all_text(out);
    EXPECT_NE(text.find("Acton Town Meeting"), std::string::npos) << text;
    EXPECT_NE(text.find("10 registered voters"), std::string::npos) << text;
    EXPECT_NE(text.find("978-555-0150"), std::string::npos) << "clerk contact";
    EXPECT_TRUE(has_link(out, "acton-ma.gov"));
}

TEST_F(Dialogue, CampaignAsksForThePlaceThenGivesEightStepsWithToolkit) {
    auto first = say("I want my town to pass a sanctuary ordinance — where do I start?");
    EXPECT_NE(all_text(first).find("Which town"), std::string::npos) << all_text(first);
    auto second = say("Worcester");
    auto text = all_text(second);
    for (int step = 1; step <= 8; ++step)
        EXPECT_NE(text.find("\n" + std::to_string(step) + ". "), std::string::npos) << step << text;
    EXPECT_NE(text.find("Worcester City Council"), std::string::npos) << text;
    EXPECT_TRUE(has_link(second, "sanctuary-toolkit"));
    EXPECT_NE(text.find("file the ordinance"), std::string::npos) << "council step 8";
}

TEST_F(Dialogue, SponsorsFallBackToOfficialsWhenTheServerHasNoSponsorApi) {
    auto out = say("who could sponsor a CCOPS ordinance in Worcester?");
    auto text = all_text(out);
    EXPECT_NE(text.find("Carla Council"), std::string::npos) << text;
    EXPECT_NE(text.find("Will Worc"), std::string::npos) << text;
    EXPECT_TRUE(has_link(out, "ccops-toolkit"));
    EXPECT_TRUE(has_link(out, "mailto:carla@worcester.example"));
}

TEST_F(Dialogue, SponsorsUseTheSponsorApiWhenPresent) {
    fake.routes["/v1/sponsors?toolkit=ccops&town=Worcester"] =
        R"({"local":{"body":"Worcester City Council","members":[{"official":{"name":"Dana Champion","office":"council_member","email":"dana@w.example"},"reason":"chairs Public Safety"}]},
            "state":[{"name":"Will Worc","office":"state_representative","phone":"617-555-0101","reasons":["represents Worcester"]}]})";
    auto text = all_text(say("who could sponsor a CCOPS ordinance in Worcester?"));
    EXPECT_NE(text.find("Dana Champion"), std::string::npos) << text;
    EXPECT_NE(text.find("chairs Public Safety"), std::string::npos) << text;
    EXPECT_NE(text.find("represents Worcester"), std::string::npos) << text;
}

TEST_F(Dialogue, SpanishQuestionGetsSpanishAnswer) {
    auto out = say("¿Quién es mi senador estatal en Lawrence?");
    EXPECT_EQ(out.lang, "es");
    auto text = all_text(out);
    EXPECT_NE(text.find("Senador(a) estatal: Luz Lawrence"), std::string::npos) << text;
    EXPECT_NE(text.find("Correo: luz@masenate.example"), std::string::npos) << text;
    // Spanish campaign dialogue: asks which issue, then answers in Spanish with the toolkit.
    auto q = say("quiero empezar una campaña");
    EXPECT_NE(all_text(q).find("¿En qué tema"), std::string::npos) << all_text(q);
    auto ans = say("2");  // second quick reply: CCOPS
    EXPECT_NE(all_text(ans).find("paso a paso"), std::string::npos) << all_text(ans);
    EXPECT_TRUE(has_link(ans, "ccops-toolkit"));
}

TEST_F(Dialogue, PortugueseQuestionGetsPortugueseAnswer) {
    auto out = say("Quem é meu deputado estadual em Acton?");
    EXPECT_EQ(out.lang, "pt");
    auto text = all_text(out);
    EXPECT_NE(text.find("Deputado(a) estadual: Andy Acton"), std::string::npos) << text;
    EXPECT_NE(text.find("E-mail: andy@mahouse.example"), std::string::npos);
    auto gov = all_text(say("como Acton aprova uma lei municipal?"));
    EXPECT_NE(gov.find("assembleia municipal aberta"), std::string::npos) << gov;
    EXPECT_NE(gov.find("10 assinaturas"), std::string::npos) << gov;
}

TEST_F(Dialogue, LanguageCanBeChosen) {
    auto out = say("/lang pt");
    EXPECT_EQ(out.lang, "pt");
    EXPECT_NE(all_text(out).find("português"), std::string::npos);
    auto next = say("Acton");
    EXPECT_EQ(next.lang, "pt");
    EXPECT_NE(all_text(next).find("Quem representa Acton"), std::string::npos) << all_text(next);
}

TEST_F(Dialogue, DidYouMeanOffersChoicesAndANumberPicksOne) {
    auto first = say("state rep in Wocester");
    auto text = all_text(first);
    EXPECT_NE(text.find("Did you mean"), std::string::npos) << text;
    EXPECT_NE(text.find("<Worcester|/place Worcester>"), std::string::npos) << text;
    auto second = say("1");
    EXPECT_NE(all_text(second).find("State Representative: Will Worc"), std::string::npos) << all_text(second);
    EXPECT_EQ(all_text(second).find("Alice Senate"), std::string::npos) << "only the office asked for";
}

TEST_F(Dialogue, ZipAndUnknownPlace) {
    EXPECT_NE(all_text(say("who represents 01720")).find("Andy Acton"), std::string::npos);
    auto nowhere = all_text(say("who represents me in Springfield Illinois"));
    EXPECT_NE(nowhere.find("couldn't find"), std::string::npos) << nowhere;
}

TEST_F(Dialogue, ForgetMeDeletesTheSession) {
    say("who represents me in Acton");
    ASSERT_TRUE(store.load("test", "u1"));
    auto out = say("forget me");
    EXPECT_NE(all_text(out).find("deleted"), std::string::npos);
    EXPECT_FALSE(store.load("test", "u1"));
}

TEST_F(Dialogue, ForgetMeIsAnsweredInTheLanguageUsed) {
    EXPECT_EQ(say("esqueça-me").lang, "pt");
    EXPECT_EQ(say("olvídame").lang, "es");
}

TEST_F(Dialogue, ServerDownGivesShortApologyAndKeepsTheQuestion) {
    fake.down = true;
    auto out = say("who is my state senator in Acton?");
    EXPECT_NE(all_text(out).find("can't look that up right now"), std::string::npos) << all_text(out);
    fake.down = false;
    auto retry = say("Acton");
    EXPECT_NE(all_text(retry).find("Sue Acton"), std::string::npos) << all_text(retry);
}

TEST_F(Dialogue, RefusesOversizedAndBinaryMessages) {
    EXPECT_NE(all_text(say(std::string(5000, 'a'))).find("too long"), std::string::npos);
    EXPECT_NE(all_text(say(std::string("\xff\xfe\x00\x01", 4))).find("plain text"), std::string::npos);
    EXPECT_EQ(fake.calls.size(), 0u);
}

TEST_F(Dialogue, RateLimitsOneUserNotOthers) {
    for (int i = 0; i < 20; ++i) say("help", "flood");
    EXPECT_NE(all_text(say("help", "flood")).find("faster than I can answer"), std::string::npos);
    EXPECT_EQ(all_text(say("help", "calm")).find("faster"), std::string::npos);
}

TEST_F(Dialogue, GibberishGetsHelpNotACrash) {
    auto text = all_text(say("???"));
    EXPECT_NE(text.find("didn't understand"), std::string::npos) << text;
    EXPECT_NE(text.find("/ask represent"), std::string::npos);
}

TEST_F(Dialogue, ToolkitListLinksEveryToolkit) {
    auto out = say("what toolkits are there?");
    EXPECT_TRUE(has_link(out, "sanctuary-toolkit"));
    EXPECT_TRUE(has_link(out, "ccops-toolkit"));
    EXPECT_TRUE(has_link(out, "body-worn-cameras"));
}

TEST(SessionStoreTest, ExpiresAndDeduplicatesDeliveries) {
    SessionStore store(":memory:", std::chrono::seconds(0));
    SessionState st;
    st.place.municipality = "Acton";
    store.save("web", "a", st);
    EXPECT_FALSE(store.load("web", "a")) << "ttl 0: already expired";
    EXPECT_EQ(store.purge_expired(), 1);
    EXPECT_TRUE(store.first_delivery("slack", "Ev1"));
    EXPECT_FALSE(store.first_delivery("slack", "Ev1"));
    EXPECT_TRUE(store.first_delivery("telegram", "Ev1"));
}

// Checkpoints run on the store's own thread, not inside a save (wal_checkpointer.hpp): the
// rows reach the database file by themselves, and a reopened store still has them.
TEST(SessionStoreTest, FileStoreCheckpointsInTheBackground) {
    auto dir = std::filesystem::temp_directory_path() / ("masscivic-wal-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto path = (dir / "sessions.db").string();
    {
        SessionStore store(path, std::chrono::hours(1));
        SessionState st;
        st.place.label = std::string(2000, 'x');  // about one page per session
        for (int i = 0; i < 50; ++i) store.save("web", "user" + std::to_string(i), st);
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (std::filesystem::file_size(path) < 50 * 2000 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        EXPECT_GE(std::filesystem::file_size(path), 50u * 2000) << "the log was not checkpointed";
    }
    SessionStore reopened(path, std::chrono::hours(1));
    EXPECT_EQ(reopened.count(), 50);
    ASSERT_TRUE(reopened.load("web", "user7"));
    EXPECT_EQ(reopened.load("web", "user7")->place.label.size(), 2000u);
    std::filesystem::remove_all(dir);
}

TEST(SessionStoreTest, StateRoundTripsAndBadJsonGivesFreshState) {
    SessionState st;
    st.lang = "pt";
    st.place = {"Boston", "Jamaica Plain, Boston", "10", "1", GeoPoint{42.312345678, -71.11}, ""};
    st.pending_intent = "represent";
    st.awaiting = Awaiting::ward_precinct;
    st.last_buttons = {{"Worcester", "/place Worcester"}};
    auto back = SessionState::from_json(st.to_json());
    EXPECT_EQ(back.lang, "pt");
    EXPECT_EQ(back.place.ward, "10");
    ASSERT_TRUE(back.place.point);
    EXPECT_DOUBLE_EQ(back.place.point->lat, 42.3123) << "stored rounded";
    EXPECT_EQ(back.awaiting, Awaiting::ward_precinct);
    ASSERT_EQ(back.last_buttons.size(), 1u);
    EXPECT_EQ(SessionState::from_json("{oops").lang, "en");
}

TEST_F(Dialogue, ZipAcrossTownsOffersTheTownsThenAnswers) {
    // The server answers a ZIP that spans towns with no municipality and the towns to pick.
    fake.routes["/v1/lookup?zip=01002"] =
        R"({"query":{"input":"01002","interpreted_as":"zip"},"status":"ambiguous",)"
        R"("place":{"municipality":null,"zip":"01002"},"officials":{"federal":[],"state":[],"local":[]},)"
        R"("ambiguity":{"reason":"01002 covers 2 towns.","needs":["town"],"candidates":[],)"
        R"("municipalities":[{"name":"Acton","geoid":"1","land_share_pct":60},)"
        R"({"name":"Boston","geoid":"2","land_share_pct":40}]},"missing":[],"data_as_of":"2026-10-10"})";
    auto first = say("who represents me? 01002");
    auto text = all_text(first);
    EXPECT_NE(text.find("covers more than one town"), std::string::npos) << text;
    EXPECT_NE(text.find("<Acton|/place Acton>"), std::string::npos) << text;
    EXPECT_NE(text.find("<Boston|/place Boston>"), std::string::npos) << text;
    auto second = say("/place Acton");
    EXPECT_EQ(store.load("test", "u1")->place.municipality, "Acton") << all_text(second);
}

}  // namespace
}  // namespace masscivic::bot
