// Webhook verification for Slack (v0 HMAC-SHA256), Twilio (HMAC-SHA1) and Telegram
// (secret token header). Pure functions: the clock is a parameter.
#pragma once

#include <cstdint>
#include <string>

#include "web_types.hpp"

namespace masscivic::bot {

enum class Verdict { ok, missing, stale, forged };

// Slack: signature = "v0=" + hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)),
// and the timestamp must be within five minutes of `now` (replay protection).
Verdict verify_slack(const std::string& signing_secret, const std::string& timestamp,
                     const std::string& body, const std::string& signature, std::int64_t now);
std::string slack_signature(const std::string& signing_secret, const std::string& timestamp,
                            const std::string& body);

// Twilio: base64(HMAC-SHA1(auth token, full URL + every POST parameter sorted by name,
// each as name followed by value)).
std::string twilio_signature(const std::string& auth_token, const std::string& url,
                             const FormFields& params);
Verdict verify_twilio(const std::string& auth_token, const std::string& url,
                      const FormFields& params, const std::string& signature);

// Telegram webhook: the header must equal the secret set with setWebhook.
Verdict verify_telegram(const std::string& secret, const std::string& header_value);

}  // namespace masscivic::bot
