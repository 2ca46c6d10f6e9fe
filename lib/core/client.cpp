// SPDX-License-Identifier: BSL-1.0
// tallyfy::client: construction, moves and accessors. The operations are described in ops/*.cpp
// and instantiated there; the executor glue is client_calls.hpp.
#include "core/client_core.hpp"
#include "core/outcome.hpp"

#include <tallyfy/client.hpp>

#include <cstdlib>

namespace tallyfy {

client_options client_options::from_env() {
    client_options o;
    auto get = [](const char* name) {
        const char* v = std::getenv(name);
        return std::string(v ? v : "");
    };
    if (auto url = get("TALLYFY_BASE_URL"); !url.empty())
        o.base_url = url;
    o.access_token = get("TALLYFY_ACCESS_TOKEN");
    if (o.access_token.empty())
        o.access_token = get("TALLYFY_API_TOKEN"); // the official CLI's name
    if (auto file = get("TALLYFY_TOKEN_FILE"); o.access_token.empty() && !file.empty())
        o.access_token_provider = file_token_provider({.path = file}); // rotated by an agent
    o.org_id = get("TALLYFY_ORG_ID");
    o.transport.tls.extra_ca_file = get("TALLYFY_CA_FILE");
    o.transport.tls.client_certificate_file = get("TALLYFY_CLIENT_CERT");
    o.transport.tls.client_key_file = get("TALLYFY_CLIENT_KEY");
    o.transport.tls.client_key_passphrase = get("TALLYFY_CLIENT_KEY_PASSPHRASE");
    apply_proxy_environment(o.transport, o.base_url,
                            [](const char* name) -> const char* { return std::getenv(name); });
    return o;
}

client::client(boost::asio::any_io_executor executor, client_options options)
    : client(executor, options,
             make_https_transport(executor, options.base_url, options.transport)) {}

client::client(boost::asio::any_io_executor executor, client_options options,
               std::shared_ptr<tallyfy::transport> transport)
    : impl_(std::make_shared<detail::client_core>(std::move(executor), std::move(options),
                                                  std::move(transport))) {}

client::client(std::shared_ptr<detail::client_core> core) noexcept
    : impl_(std::move(core)) {}

client client::with_org(std::string org_id) const {
    return client(std::make_shared<detail::client_core>(*impl_, std::move(org_id)));
}

client::~client() = default;
client::client(client&&) noexcept = default;
client& client::operator=(client&&) noexcept = default;

pool_stats client::stats() const {
    return impl_->transport->stats();
}
const client_options& client::options() const noexcept {
    return impl_->options;
}
boost::asio::any_io_executor client::get_executor() const noexcept {
    return impl_->executor;
}

namespace detail {

error_details details_of(const std::exception_ptr& failure) {
    if (auto e = api_error::from(failure))
        return e->details();
    try {
        std::rethrow_exception(failure);
    } catch (const std::bad_alloc&) {
        return make_details(error::bad_response, "out of memory while handling the response");
    } catch (const std::exception& e) {
        return make_details(error::bad_response, std::string("unexpected failure: ") + e.what());
    } catch (...) {
        return make_details(error::bad_response, "unexpected failure");
    }
}

} // namespace detail
} // namespace tallyfy
