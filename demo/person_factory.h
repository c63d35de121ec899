// PersonFactory: made-up residents of one county — a Chinese name that fits the sex and
// the generation, and a valid, unique resident ID (GB 11643: the county's address code,
// the birth date, an order code whose parity is the sex, the MOD 11-2 check character).
// Deterministic: the same DemoRandom state gives the same people. Not thread-safe.
#pragma once

#include <set>
#include <string>

#include "common/date.h"
#include "demo/random.h"

namespace xmatch::demo {

enum class Sex { kMale, kFemale };

struct Person {
  std::string id_number;  // canonical 18 characters
  std::string name;
  Sex sex = Sex::kMale;
  Date birth;
};

class PersonFactory {
 public:
  // `address_code`: the 6-digit code the IDs carry. `random` is borrowed.
  PersonFactory(std::string address_code, DemoRandom& random)
      : address_code_(std::move(address_code)), random_(random) {}

  // A new person born on a day between the two dates (inclusive), with a new surname.
  Person Make(Date born_from, Date born_to, Sex sex);
  // The same, with the given surname (a household's children take the head's).
  Person MakeWithSurname(Date born_from, Date born_to, Sex sex, const std::string& surname);
  // A random sex, slightly more women among the old, as in the rolls.
  Sex DrawSex(int age);
  // A surname drawn by how common it is.
  std::string DrawSurname();

  // The ID of someone never made by this factory, with its check character changed: what
  // a department's typing error looks like.
  std::string MakeInvalidIdNumber();

 private:
  std::string NewIdNumber(Date birth, Sex sex);
  std::string GivenName(Date birth, Sex sex);

  std::string address_code_;
  DemoRandom& random_;
  std::set<std::string> used_ids_;
};

// The surname of a name made by PersonFactory (every surname it uses is one character).
std::string SurnameOf(const std::string& name);

}  // namespace xmatch::demo
