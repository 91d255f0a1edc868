#include "store/corridor_quotes.hpp"

namespace rw::store {

util::Expected<std::vector<ServiceRecord>>
corridor_services(Database& database, const std::string& sender, const std::string& receiver)
{
  auto statement = database.prepare(R"sql(
    SELECT s.id, c.sender, c.receiver, p.name, s.service_key, s.firm_type, s.payment_instrument, s.receiving_method
    FROM services s JOIN corridors c ON c.id = s.corridor_id JOIN providers p ON p.id = s.provider_id
    WHERE c.sender = ?1 AND c.receiver = ?2
    ORDER BY s.service_key)sql");
  if (statement) {
    statement->bind(1, sender).bind(2, receiver);
  }
  return read_rows<ServiceRecord>(std::move(statement), [](const Statement& s) {
    return ServiceRecord{.id = s.column_int(0),
                         .sender = s.column_text(1),
                         .receiver = s.column_text(2),
                         .provider = s.column_text(3),
                         .service_key = s.column_text(4),
                         .firm_type = s.column_text(5),
                         .payment_instrument = s.column_text(6),
                         .receiving_method = s.column_text(7)};
  });
}

} // namespace rw::store
