// Language detection on short, real-world chat messages (typos, no accents, mixed case), from
// a cold start (no session language yet), so every message must carry its own signs; no sign
// means English, the bot's default. Prints the accuracy per language; requires at least 90% each.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>

#include "catalog.hpp"
#include "language.hpp"

namespace masscivic::bot {
namespace {

const std::vector<std::string> kEnglish = {
    "who is my state rep", "whos my senator", "hi", "hello there", "thanks!", "thank you so much",
    "how does my town pass a bylaw", "body cameras in Worcester", "I live in Jamaica Plain",
    "who represents me", "what's her email?", "how do I contact him", "who could sponsor it?",
    "when is the next election in Medford?", "who is the governor?", "my congressman 01002",
    "help", "start over", "what committees is he on?", "where do I start", "I want a sanctuary city ordinance",
    "who chairs the judiciary committee?", "can you help me find my rep", "ok thanks", "forget me",
    "what is CCOPS", "how do i start a campaign", "who runs my town", "is there a town meeting", "call my senator",
    "what is the phone number", "who are my representatives in Lowell", "i moved to Somerville",
    "what about my city council", "tell me about body cams"};
const std::vector<std::string> kSpanish = {
    "quien es mi representante", "¿quién es mi senador estatal?", "hola", "gracias!", "muchas gracias",
    "como se aprueba una ordenanza en Lawrence", "vivo en Chelsea", "quien me representa",
    "¿cuál es su correo?", "como la contacto", "¿quién podría patrocinarla?", "cuando son las elecciones",
    "¿quién es el gobernador?", "mi congresista 01002", "ayuda por favor", "empezar de nuevo",
    "quiero una ordenanza santuario", "por donde empiezo", "olvídame", "necesito hablar con mi alcalde",
    "que es la vigilancia policial", "quiero organizar una campaña", "donde vivo es Revere",
    "mis representantes en Lawrence", "buenos dias", "me mudé a Lynn", "cual es el telefono",
    "quiero saber quien es mi concejal", "camaras corporales en Worcester", "puedes ayudarme",
    "no entiendo", "y el senador?", "quienes son mis legisladores", "el alcalde de Holyoke", "estoy en Framingham"};
const std::vector<std::string> kPortuguese = {
    "quem é meu deputado estadual", "quem e meu senador", "oi", "olá", "obrigado!", "muito obrigada",
    "como Lowell aprova uma lei municipal?", "moro em Framingham", "quem me representa",
    "qual é o email dela?", "como falo com ele", "quem poderia patrocinar?", "quando é a próxima eleição",
    "quem é o governador?", "meu deputado federal 01002", "ajuda", "começar de novo",
    "quero uma lei santuário", "por onde começo", "esqueça-me", "preciso falar com o prefeito",
    "o que é o kit de câmeras corporais?", "quero organizar uma campanha", "eu moro no Brighton",
    "meus representantes em Marlborough", "bom dia", "me mudei para Somerville", "qual o telefone dele",
    "quero saber quem é meu vereador", "vocês podem me ajudar", "não entendi", "e o senador?",
    "quem são os legisladores", "o prefeito de Lowell", "valeu"};

// Written after the markers were tuned on the sets above and never used for tuning: the
// honest figure (printed; required only to stay at a usable level).
const std::vector<std::string> kHeldOutEnglish = {
    "can u tell me who my rep is", "im in Quincy", "whats the mayors email", "need help with a petition",
    "who do i call about a bylaw", "is my senator a democrat", "good evening", "my town is Natick",
    "which district am i in", "appreciate the help", "does Lowell have a city council", "who votes on ordinances",
    "is there a body camera program in Boston", "how can I talk to the select board", "where is city hall",
    "sorry wrong town", "what does the governor's council do", "give me my reps email", "bye", "i live near Salem"};
const std::vector<std::string> kHeldOutSpanish = {
    "me puedes decir quien es mi representante", "vivo cerca de Lynn", "cual es el correo del alcalde",
    "necesito ayuda con una peticion", "a quien llamo por una ordenanza", "buenas noches", "mi pueblo es Natick",
    "en que distrito estoy", "te agradezco", "quienes votan las ordenanzas", "hay camaras corporales en Boston",
    "como hablo con la junta", "donde queda la alcaldia", "perdon me equivoque de ciudad", "dame el correo de mi senador",
    "hasta luego", "soy de Chelsea", "quiero apoyar una ordenanza santuario", "que hace el concejo", "tengo una pregunta"};
const std::vector<std::string> kHeldOutPortuguese = {
    "pode me dizer quem é meu deputado", "moro perto de Lowell", "qual o email do prefeito",
    "preciso de ajuda com um abaixo-assinado", "pra quem eu ligo sobre uma lei", "boa noite", "minha cidade é Framingham",
    "em que distrito eu estou", "agradeço a ajuda", "quem vota as leis municipais", "tem câmeras corporais em Boston",
    "como falo com o conselho", "onde fica a prefeitura", "desculpa cidade errada", "me dá o email do meu senador",
    "até logo", "sou de Somerville", "quero apoiar uma lei santuário", "o que faz a câmara de vereadores", "tenho uma pergunta"};

double accuracy(const Catalog& catalog, const std::vector<std::string>& messages, const std::string& want,
                std::vector<std::string>& misses) {
    int right = 0;
    for (const auto& m : messages) {
        auto got = detect_language(m, tokenize(m), catalog, "").lang;
        if (got.empty()) got = "en";  // no sign: the session's language (English here)
        if (got == want) ++right;
        else misses.push_back(m + " -> " + got);
    }
    return 100.0 * right / static_cast<double>(messages.size());
}

TEST(LanguageDetection, ShortRealWorldMessages) {
    auto catalog = Catalog::load_dir(std::filesystem::path(MASSCIVIC_SOURCE_DIR) / "bot/messages");
    for (const auto& [lang, set] : std::vector<std::pair<std::string, const std::vector<std::string>*>>{
             {"en", &kEnglish}, {"es", &kSpanish}, {"pt", &kPortuguese}}) {
        ASSERT_GE(set->size(), 30u);
        std::vector<std::string> misses;
        double acc = accuracy(catalog, *set, lang, misses);
        std::cout << "[ language ] " << lang << ": " << acc << "% of " << set->size() << " messages\n";
        for (const auto& m : misses) std::cout << "    missed: " << m << "\n";
        EXPECT_GE(acc, 90.0) << lang;
    }
}

TEST(LanguageDetection, HeldOutMessages) {
    auto catalog = Catalog::load_dir(std::filesystem::path(MASSCIVIC_SOURCE_DIR) / "bot/messages");
    for (const auto& [lang, set] : std::vector<std::pair<std::string, const std::vector<std::string>*>>{
             {"en", &kHeldOutEnglish}, {"es", &kHeldOutSpanish}, {"pt", &kHeldOutPortuguese}}) {
        std::vector<std::string> misses;
        double acc = accuracy(catalog, *set, lang, misses);
        std::cout << "[ held-out ] " << lang << ": " << acc << "% of " << set->size() << " messages\n";
        for (const auto& m : misses) std::cout << "    missed: " << m << "\n";
        EXPECT_GE(acc, 75.0) << lang;
    }
}

TEST(LanguageDetection, ShortMessagesKeepTheSessionLanguage) {
    auto catalog = Catalog::load_dir(std::filesystem::path(MASSCIVIC_SOURCE_DIR) / "bot/messages");
    for (const auto* m : {"Worcester", "12", "Acton?", "ok", "Jamaica Plain"}) {
        auto es = detect_language(m, tokenize(m), catalog, "es").lang;
        EXPECT_TRUE(es.empty() || es == "es") << m << " -> " << es;
        auto pt = detect_language(m, tokenize(m), catalog, "pt").lang;
        EXPECT_TRUE(pt.empty() || pt == "pt") << m << " -> " << pt;
    }
    // A full sentence is strong enough to change a chosen language.
    auto g = detect_language("Quem é o meu deputado estadual em Framingham?",
                             tokenize("Quem é o meu deputado estadual em Framingham?"), catalog, "en");
    EXPECT_EQ(g.lang, "pt");
}

}  // namespace
}  // namespace masscivic::bot
