#include "app/run.hpp"

int
main(int argc, char** argv)
{
  return rw::app::run(argc, argv);
}
