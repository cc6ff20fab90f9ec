// Signature helpers for webhook verification (OpenSSL underneath).
#pragma once

#include <string>
#include <string_view>

namespace masscivic::bot {

std::string hmac_sha256_hex(std::string_view key, std::string_view data);
std::string hmac_sha1_base64(std::string_view key, std::string_view data);
std::string base64_encode(std::string_view data);
// Constant-time for equal lengths (CRYPTO_memcmp); lengths are not secret.
bool constant_time_equal(std::string_view a, std::string_view b);
// Random token for connection ids, from OpenSSL's CSPRNG; `bytes` random bytes as hex.
std::string random_hex(std::size_t bytes);

}  // namespace masscivic::bot
