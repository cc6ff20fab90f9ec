// How answers are written: catalog texts in the turn's language, one official per block.
// Shared by the answer files (answers.cpp, answers_people.cpp).
#pragma once

#include <string>
#include <vector>

#include "catalog.hpp"
#include "engine_internal.hpp"
#include "lookup_client.hpp"
#include "model.hpp"
#include "reply.hpp"
#include "text.hpp"

namespace masscivic::bot {

// GET that turns "server unreachable" into ServerUnavailable (caught once per turn).
inline ApiResult fetch(LookupClient& client, const std::string& target) {
    auto res = client.get(target);
    if (res.kind == ApiResult::Kind::unavailable || res.kind == ApiResult::Kind::bad_response)
        throw ServerUnavailable();
    return res;
}

// "617-722-2000 x1" -> "tel:+16177222000"; empty when it is not a 10-digit US number.
inline std::string tel_url(const std::string& phone) {
    std::string digits;
    for (char c : phone) {
        if (c == 'x' || c == 'X' || c == ',') break;  // an extension is dialled by hand
        if (c >= '0' && c <= '9') digits += c;
    }
    if (digits.size() == 11 && digits[0] == '1') digits.erase(0, 1);
    return digits.size() == 10 ? "tel:+1" + digits : "";
}

class Writer {
public:
    Writer(const Catalog& c, std::string lang) : c_(c), lang_(std::move(lang)) {}
    std::string operator()(const std::string& key, const Vars& vars = {}) const {
        return c_.text(lang_, key, vars);
    }
    std::string office_title(const Official& o) const {
        std::string key = "office." + o.office;
        if (!o.office.empty() && c_.has(lang_, key)) return (*this)(key);
        return o.title.empty() ? o.office : o.title;
    }
    std::string toolkit_name(const std::string& id) const { return (*this)("toolkit." + id + ".name"); }
    const std::string& lang() const { return lang_; }
    // Party names in the reply's language ("Democratic" -> "demócrata"); unknown ones as given.
    std::string party(const std::string& p) const {
        std::string key = "party." + ascii_lower(p);
        return c_.has(lang_, key) ? (*this)(key) : p;
    }
    // The server's free-text notes are English: other languages get them only when English
    // is what they asked for.
    bool shows_server_notes() const { return lang_ == "en"; }

    // One official: who they are and a way to reach them (`fallback_contact` when they have
    // none; empty when the answer gives it once for several).
    Reply official(const Official& o, const std::string& fallback_contact) const {
        Reply r;
        if (o.vacant || o.name.empty()) {
            r.text = (*this)("official.vacant", {{"title", office_title(o)}});
            if (!o.note.empty() && shows_server_notes()) r.text += " " + o.note;
        } else {
            r.text = office_title(o) + ": " + o.name;
            if (!o.party.empty()) r.text += " (" + party(o.party) + ")";
            if (!o.district.empty()) r.text += " — " + o.district;
        }
        if (!o.verified) r.text += " " + (*this)("official.unverified");
        if (!o.reason.empty() && shows_server_notes())
            r.text += "\n" + (*this)("official.reason", {{"reason", o.reason}});
        bool contact = false;
        if (!o.email.empty()) {
            r.text += "\n" + (*this)("official.email", {{"email", o.email}});
            r.links.push_back({(*this)("link.email", {{"name", o.name}}), "mailto:" + o.email});
            contact = true;
        }
        if (!o.phone.empty()) {
            r.text += "\n" + (*this)("official.phone", {{"phone", o.phone}});
            if (auto tel = tel_url(o.phone); !tel.empty())
                r.links.push_back({(*this)("link.call", {{"name", o.name}}), tel});
            contact = true;
        }
        if (!o.contact_form.empty()) {
            r.links.push_back({(*this)("link.contact_form"), o.contact_form});
            contact = true;
        }
        if (!o.profile_url.empty() || !o.website.empty()) {
            r.links.push_back({(*this)("link.profile", {{"name", o.name}}),
                               o.profile_url.empty() ? o.website : o.profile_url});
            contact = true;
        }
        if (!contact && !o.vacant && !fallback_contact.empty()) r.text += "\n" + fallback_contact;
        return r;
    }

private:
    const Catalog& c_;
    std::string lang_;
};

inline std::string clerk_line(const Writer& w, const Municipality& m) {
    if (m.clerk.phone.empty() && m.clerk.email.empty()) {
        return m.website.empty() ? w("contact.clerk_unknown", {{"town", m.name}})
                                 : w("contact.clerk_website", {{"town", m.name}, {"website", m.website}});
    }
    std::string how = m.clerk.phone;
    if (!m.clerk.email.empty()) how += (how.empty() ? "" : ", ") + m.clerk.email;
    return w("contact.clerk", {{"town", m.name}, {"how", how}});
}

}  // namespace masscivic::bot
