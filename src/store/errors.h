// The store's one error style, used across every module line: infrastructure failures are a
// StoreError, a stale save a ConflictError, a broken rule of the data a ConstraintError. "Not
// there" is never an error: lookups return an empty optional.
#pragma once

#include <stdexcept>

namespace marquee {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A save whose Article::version is not the stored one: someone else saved first.
class ConflictError : public StoreError {
 public:
  using StoreError::StoreError;
};

// A unique value (slug, email) already taken, or a reference to a row that does not exist.
class ConstraintError : public StoreError {
 public:
  using StoreError::StoreError;
};

}  // namespace marquee
