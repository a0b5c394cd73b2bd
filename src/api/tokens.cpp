// API tokens: random secrets from libsodium, stored only as a BLAKE2b hash.
#include <sodium.h>

#include <array>
#include <stdexcept>

#include "api/api.h"

namespace marquee::api {

std::string hash_api_token(std::string_view token) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data());
}

CreatedToken create_api_token(Store& store, Id user_id, const std::string& name,
                              std::optional<Role> role) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
  auto user = store.users().find(user_id);
  if (!user) throw ConstraintError("no user with id " + std::to_string(user_id));
  Role granted = role.value_or(user->role);
  if (granted > user->role) {
    throw ConstraintError(std::string("a token cannot have more rights than its user (") +
                          to_string(user->role) + ")");
  }
  std::array<unsigned char, 32> secret{};
  randombytes_buf(secret.data(), secret.size());
  std::array<char, 64> encoded{};
  sodium_bin2base64(encoded.data(), encoded.size(), secret.data(), secret.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  CreatedToken created;
  created.token = "mq_" + std::string(encoded.data());
  ApiToken record;
  record.user_id = user_id;
  record.name = name;
  record.role = granted;
  record.token_hash = hash_api_token(created.token);
  created.record = store.tokens().save(record);
  return created;
}

}  // namespace marquee::api
