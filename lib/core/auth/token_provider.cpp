// SPDX-License-Identifier: BSL-1.0
// token_provider: the coroutine form as is, the callback form adapted to it (its completion may
// come from any thread: it is posted to the awaiting coroutine's executor).
#include "core/outcome.hpp"

#include <tallyfy/api_error.hpp>
#include <tallyfy/token_provider.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace tallyfy {

namespace asio = boost::asio;

namespace {

using provider_signature = void(boost::system::error_code, access_token_info);

// A plain function (not a capturing lambda) so that the coroutine owns what it uses.
asio::awaitable<access_token_info>
ask_callback(std::shared_ptr<token_provider::callback_function> f, token_request_context context) {
    auto initiate = [f, context](auto handler) {
        using handler_type = decltype(handler);
        auto h = std::make_shared<handler_type>(std::move(handler));
        auto ex = asio::get_associated_executor(*h, context.executor);
        (*f)(context, [h, ex](boost::system::error_code ec, access_token_info info) {
            asio::post(ex, [h, ec, info = std::move(info)]() mutable {
                std::move (*h)(ec, std::move(info));
            });
        });
    };
    constexpr auto token = asio::as_tuple(asio::use_awaitable);
    auto asking = asio::async_initiate<decltype(token), provider_signature>(initiate, token);
    auto [ec, info] = co_await std::move(asking);
    if (ec) {
        error_details d;
        d.code = ec.category() == error_category() ? ec : make_error_code(error::unauthorized);
        d.detail = "token provider: " + ec.message();
        throw api_error(std::move(d));
    }
    co_return std::move(info);
}

} // namespace

token_provider token_provider::from_callback(callback_function f) {
    auto shared = std::make_shared<callback_function>(std::move(f));
    return token_provider([shared](token_request_context context) {
        return ask_callback(shared, std::move(context));
    });
}

asio::awaitable<access_token_info> token_provider::operator()(token_request_context context) const {
    return get_(std::move(context));
}

} // namespace tallyfy
