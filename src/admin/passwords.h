// Secrets for the newsroom: argon2id password hashes, random tokens for cookies and forms, and
// the one-way hash under which a token is stored. All of it is libsodium underneath.
#pragma once

#include <string>
#include <string_view>

namespace marquee::admin {

// An argon2id hash string (with its salt and limits inside), at libsodium's "interactive"
// limits. Throws std::runtime_error only when the machine is out of memory.
std::string hash_password(std::string_view password);
// Whether password matches a hash made by hash_password; false for an empty or malformed hash.
bool verify_password(std::string_view password, const std::string& hash);

// `bytes` random bytes as lower-case hex (so 2 * bytes characters), safe in cookies and URLs.
std::string random_token(std::size_t bytes = 32);
// A password to hand to a new user once: 20 characters from an alphabet without look-alikes.
std::string one_time_password();
// The hex BLAKE2b-256 of a token: what the store keeps instead of the token itself.
std::string token_hash(std::string_view token);
// Comparison whose time does not depend on where the strings differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace marquee::admin
