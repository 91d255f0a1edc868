#include "corridors/catalogue.hpp"
#include "corridors/scope.hpp"

#include <doctest/doctest.h>

using rw::corridors::Catalogue;
using rw::corridors::CorridorKey;
using rw::corridors::CorridorPattern;
using rw::corridors::Scope;

TEST_SUITE("corridors::scope")
{
  TEST_CASE("patterns: codes in any case, a star on one side, nothing else")
  {
    auto exact = CorridorPattern::parse("ken-uga");
    REQUIRE(exact);
    CHECK(exact->to_string() == "KEN-UGA");
    auto from = CorridorPattern::parse("KEN-*");
    REQUIRE(from);
    CHECK(from->matches(CorridorKey{"KEN", "UGA"}));
    CHECK(from->matches(CorridorKey{"KEN", "RWA"}));
    CHECK_FALSE(from->matches(CorridorKey{"UGA", "KEN"}));
    auto to = CorridorPattern::parse("*-KEN");
    REQUIRE(to);
    CHECK(to->matches(CorridorKey{"UGA", "KEN"}));
    CHECK_FALSE(to->matches(CorridorKey{"KEN", "UGA"}));
    CHECK(CorridorPattern::parse("KENUGA")->to_string() == "KEN-UGA");
    for (const char* bad : {"*-*", "Kenya-Rwanda", "KEN", "KE-UGA", "KEN-UG*", ""}) {
      CAPTURE(bad);
      CHECK_FALSE(CorridorPattern::parse(bad));
    }
  }

  TEST_CASE("each kind given narrows the scope; nothing given is global")
  {
    CHECK(Scope{}.global());
    CHECK(Scope{}.contains(CorridorKey{"USA", "MEX"}));

    auto sender = Scope::parse({"ken"}, {}, {}, {});
    REQUIRE(sender);
    CHECK(sender->contains(CorridorKey{"KEN", "UGA"}));
    CHECK_FALSE(sender->contains(CorridorKey{"UGA", "KEN"}));

    auto either = Scope::parse({}, {}, {"KEN"}, {});
    REQUIRE(either);
    CHECK(either->contains(CorridorKey{"KEN", "UGA"}));
    CHECK(either->contains(CorridorKey{"UGA", "KEN"}));
    CHECK_FALSE(either->contains(CorridorKey{"USA", "MEX"}));

    // --sender KEN --receiver UGA: the one corridor KEN-UGA.
    auto both = Scope::parse({"KEN"}, {"UGA"}, {}, {});
    REQUIRE(both);
    CHECK(both->contains(CorridorKey{"KEN", "UGA"}));
    CHECK_FALSE(both->contains(CorridorKey{"KEN", "RWA"}));

    // Several corridors: any of them.
    auto listed = Scope::parse({}, {}, {}, {"KEN-UGA", "KEN-RWA"});
    REQUIRE(listed);
    CHECK(listed->contains(CorridorKey{"KEN", "RWA"}));
    CHECK_FALSE(listed->contains(CorridorKey{"KEN", "TZA"}));
    CHECK(listed->to_string() == "--corridor KEN-UGA --corridor KEN-RWA");
  }

  TEST_CASE("malformed and unknown codes are named with their option")
  {
    auto malformed = Scope::parse({"KE"}, {}, {}, {});
    REQUIRE_FALSE(malformed);
    CHECK(malformed.error().message.find("--sender: 'KE'") != std::string::npos);

    auto catalogue = Catalogue::load_builtin();
    REQUIRE(catalogue);
    auto unknown = Scope::parse({}, {}, {}, {"KEN-XYZ"});
    REQUIRE(unknown);
    auto checked = unknown->check(*catalogue);
    REQUIRE_FALSE(checked);
    CHECK(checked.error().message.find("--corridor: 'XYZ' is not a country") != std::string::npos);
    CHECK(Scope::parse({"KEN"}, {}, {}, {"*-UGA"})->check(*catalogue));
  }

  TEST_CASE("described in words with the catalogue's country names")
  {
    auto catalogue = Catalogue::load_builtin();
    REQUIRE(catalogue);
    CHECK(Scope{}.describe(*catalogue) == "all corridors");
    CHECK(Scope::parse({"KEN"}, {}, {}, {})->describe(*catalogue) == "corridors from Kenya");
    CHECK(Scope::parse({}, {}, {"KEN", "UGA"}, {})->describe(*catalogue) == "corridors to or from Kenya or Uganda");
    CHECK(Scope::parse({"KEN"}, {"UGA"}, {}, {})->describe(*catalogue) == "corridors from Kenya to Uganda");
    CHECK(Scope::parse({}, {}, {}, {"KEN-UGA", "*-RWA"})->describe(*catalogue)
          == "KEN-UGA and corridors to Rwanda");
  }
}
