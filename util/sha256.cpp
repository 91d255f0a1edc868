#include "util/sha256.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace rw::util {

struct Sha256::Context
{
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
};

Sha256::Sha256() : m_context(std::make_unique<Context>())
{
  if (!m_context->md || EVP_DigestInit_ex(m_context->md.get(), EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL SHA-256 failed");
  }
}

Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;
Sha256::~Sha256() = default;

void
Sha256::update(std::string_view data)
{
  if (EVP_DigestUpdate(m_context->md.get(), data.data(), data.size()) != 1) {
    throw std::runtime_error("OpenSSL SHA-256 failed");
  }
}

std::string
Sha256::hex()
{
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(m_context->md.get(), digest.data(), &size) != 1) {
    throw std::runtime_error("OpenSSL SHA-256 failed");
  }
  std::string hex;
  hex.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    hex += fmt::format("{:02x}", digest[i]);
  }
  return hex;
}

std::string
sha256_hex(std::string_view data)
{
  Sha256 hash;
  hash.update(data);
  return hash.hex();
}

} // namespace rw::util
