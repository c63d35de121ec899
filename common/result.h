// Result<T>: a value or the Status saying why there is none. GCC 12 has std::expected
// only under -std=c++2b, so this is the small C++20 equivalent.
//
//   Result<Money> m = Money::Parse("650.50");
//   if (!m.ok()) return m.status();
//   use(*m);
#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "common/status.h"

namespace xmatch {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(v_).ok() && "a Result needs a value or a failed Status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // OK when there is a value.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace xmatch

#define XM_CONCAT_INNER_(a, b) a##b
#define XM_CONCAT_(a, b) XM_CONCAT_INNER_(a, b)

// XM_ASSIGN_OR_RETURN(auto x, ParseThing()); returns the Status on failure.
#define XM_ASSIGN_OR_RETURN(lhs, expr) \
  XM_ASSIGN_OR_RETURN_IMPL_(XM_CONCAT_(xm_result_, __LINE__), lhs, expr)
#define XM_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()
