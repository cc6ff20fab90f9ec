#include "signatures.hpp"

#include <algorithm>
#include <cstdlib>

#include "crypto.hpp"

namespace masscivic::bot {

std::string slack_signature(const std::string& signing_secret, const std::string& timestamp,
                            const std::string& body) {
    return "v0=" + hmac_sha256_hex(signing_secret, "v0:" + timestamp + ":" + body);
}

Verdict verify_slack(const std::string& signing_secret, const std::string& timestamp,
                     const std::string& body, const std::string& signature, std::int64_t now) {
    if (timestamp.empty() || signature.empty()) return Verdict::missing;
    if (timestamp.size() > 12 ||
        !std::all_of(timestamp.begin(), timestamp.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return Verdict::forged;
    std::int64_t ts = std::strtoll(timestamp.c_str(), nullptr, 10);
    if (std::llabs(now - ts) > 5 * 60) return Verdict::stale;
    return constant_time_equal(slack_signature(signing_secret, timestamp, body), signature)
               ? Verdict::ok
               : Verdict::forged;
}

std::string twilio_signature(const std::string& auth_token, const std::string& url,
                             const FormFields& params) {
    FormFields sorted = params;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string data = url;
    for (const auto& [k, v] : sorted) data += k + v;
    return hmac_sha1_base64(auth_token, data);
}

Verdict verify_twilio(const std::string& auth_token, const std::string& url,
                      const FormFields& params, const std::string& signature) {
    if (signature.empty()) return Verdict::missing;
    return constant_time_equal(twilio_signature(auth_token, url, params), signature)
               ? Verdict::ok
               : Verdict::forged;
}

Verdict verify_telegram(const std::string& secret, const std::string& header_value) {
    if (header_value.empty()) return Verdict::missing;
    return constant_time_equal(secret, header_value) ? Verdict::ok : Verdict::forged;
}

}  // namespace masscivic::bot
