// SPDX-License-Identifier: BSL-1.0
// tallyfy::pager<T>: callbacks over pager_state, explicitly instantiated for the list models so
// no user translation unit compiles this.
#include "core/pagination/pager_state.hpp"

#include <tallyfy/api_error.hpp>

#include <boost/asio/post.hpp>

namespace tallyfy {

namespace asio = boost::asio;

namespace detail {

template <class T>
std::exception_ptr pager_state<T>::accept_locked(page<T>&& fetched) {
    std::vector<std::string> ids;
    ids.reserve(fetched.items.size());
    for (const auto& item : fetched.items)
        ids.push_back(item.id);
    try {
        walker.accept(fetched.pagination, ids);
    } catch (const pagination_error& e) {
        error_details d;
        d.code = error::pagination_loop;
        d.detail = e.what();
        return std::make_exception_ptr(api_error(std::move(d)));
    }
    last_meta = std::move(fetched.pagination);
    for (auto& item : fetched.items) {
        if (paging.max_items && delivered + buffer.size() >= paging.max_items) {
            limit_reached = true;
            break;
        }
        buffer.push_back(std::move(item));
    }
    return nullptr;
}

template <class T>
std::optional<std::int64_t> pager_state<T>::claim_prefetch_locked() {
    if (!paging.prefetch || prefetch_in_flight || prefetched || walker.finished() || limit_reached)
        return std::nullopt;
    prefetch_in_flight = true;
    return walker.next_page();
}

template <class T>
void pager_state<T>::launch_prefetch(std::optional<std::int64_t> page_number) {
    if (!page_number)
        return;
    auto self = this->shared_from_this();
    // Called without the mutex: a fetch may complete before returning.
    fetch(*page_number, [self](std::exception_ptr e, page<T> fetched) {
        continuation resume;
        {
            std::lock_guard lock(self->mutex);
            self->prefetch_in_flight = false;
            if (e)
                self->prefetch_error = e;
            else
                self->prefetched = std::move(fetched);
            resume = std::move(self->waiting);
            self->waiting = nullptr;
        }
        if (resume)
            self->fill(std::move(resume));
    });
}

template <class T>
void pager_state<T>::fill(continuation done) {
    std::unique_lock lock(mutex);
    if (!buffer.empty() || walker.finished() || limit_reached) {
        lock.unlock();
        done(nullptr);
        return;
    }
    if (prefetched || prefetch_error) {
        std::exception_ptr e = prefetch_error;
        prefetch_error = nullptr;
        if (!e) {
            e = accept_locked(std::move(*prefetched));
            prefetched.reset();
        }
        std::optional<std::int64_t> ahead;
        if (!e)
            ahead = claim_prefetch_locked();
        lock.unlock();
        launch_prefetch(ahead);
        done(e);
        return;
    }
    if (prefetch_in_flight) {
        waiting = std::move(done);
        return;
    }
    auto self = this->shared_from_this();
    auto page_number = walker.next_page();
    lock.unlock();
    fetch(page_number, [self, done = std::move(done)](std::exception_ptr e, page<T> fetched) {
        std::unique_lock lock(self->mutex);
        if (!e)
            e = self->accept_locked(std::move(fetched));
        std::optional<std::int64_t> ahead;
        if (!e)
            ahead = self->claim_prefetch_locked();
        lock.unlock();
        self->launch_prefetch(ahead);
        done(e);
    });
}

} // namespace detail

namespace {

// Completes a handler later on the client's executor, never inline: a consumer looping over a
// buffered page must not grow the stack.
template <class Handler, class... Args>
void complete_later(const asio::any_io_executor& ex, Handler handler, Args... args) {
    asio::post(ex, [h = std::move(handler), ... a = std::move(args)]() mutable {
        std::move(h)(std::move(a)...);
    });
}

} // namespace

template <class T>
pager<T>::pager(std::shared_ptr<detail::pager_state<T>> state)
    : state_(std::move(state)) {}
template <class T>
pager<T>::pager(pager&&) noexcept = default;
template <class T>
pager<T>& pager<T>::operator=(pager&&) noexcept = default;
template <class T>
pager<T>::~pager() = default; // an in-flight prefetch finishes on its own; its page is dropped

template <class T>
void pager<T>::do_next(item_handler handler) {
    auto state = state_;
    state->fill([state, h = std::make_shared<item_handler>(std::move(handler))](
                    std::exception_ptr e) mutable {
        if (e)
            return complete_later(state->executor, std::move(*h), e, std::optional<T>());
        std::optional<T> item;
        {
            std::lock_guard lock(state->mutex);
            if (!state->buffer.empty()) {
                item = std::move(state->buffer.front());
                state->buffer.pop_front();
                ++state->delivered;
            }
        }
        complete_later(state->executor, std::move(*h), std::exception_ptr(), std::move(item));
    });
}

template <class T>
void pager<T>::do_next_page(page_handler handler) {
    auto state = state_;
    state->fill([state, h = std::make_shared<page_handler>(std::move(handler))](
                    std::exception_ptr e) mutable {
        if (e)
            return complete_later(state->executor, std::move(*h), e, std::optional<page<T>>());
        std::optional<page<T>> out;
        {
            std::lock_guard lock(state->mutex);
            if (!state->buffer.empty()) {
                out.emplace();
                out->items.assign(std::make_move_iterator(state->buffer.begin()),
                                  std::make_move_iterator(state->buffer.end()));
                out->pagination = state->last_meta;
                state->delivered += state->buffer.size();
                state->buffer.clear();
            }
        }
        complete_later(state->executor, std::move(*h), std::exception_ptr(), std::move(out));
    });
}

template <class T>
void pager<T>::do_collect(std::size_t max_items, list_handler handler) {
    struct collector : std::enable_shared_from_this<collector> {
        // Constructed, never assigned: in Asio 1.81 assigning an any_completion_handler wraps it
        // in another one, recursively.
        collector(std::shared_ptr<detail::pager_state<T>> s, std::size_t max, list_handler h)
            : state(std::move(s))
            , max_items(max)
            , handler(std::move(h)) {}

        std::shared_ptr<detail::pager_state<T>> state;
        std::size_t max_items;
        list_handler handler;
        std::vector<T> items;

        void step() {
            auto self = this->shared_from_this();
            state->fill([self](std::exception_ptr e) {
                if (e)
                    return complete_later(self->state->executor, std::move(self->handler), e,
                                          std::vector<T>());
                bool done;
                {
                    std::lock_guard lock(self->state->mutex);
                    while (!self->state->buffer.empty() &&
                           (self->max_items == 0 || self->items.size() < self->max_items)) {
                        self->items.push_back(std::move(self->state->buffer.front()));
                        self->state->buffer.pop_front();
                        ++self->state->delivered;
                    }
                    done = self->state->exhausted() ||
                           (self->max_items != 0 && self->items.size() >= self->max_items);
                }
                if (done)
                    complete_later(self->state->executor, std::move(self->handler),
                                   std::exception_ptr(), std::move(self->items));
                else
                    self->step();
            });
        }
    };
    std::make_shared<collector>(state_, max_items, std::move(handler))->step();
}

template <class T>
page_position pager<T>::position() const {
    std::lock_guard lock(state_->mutex);
    return {state_->walker.next_page() - (state_->buffer.empty() ? 0 : 1), state_->delivered,
            state_->walker.pages_fetched(), state_->exhausted()};
}

template class pager<task>;
template class pager<run>;
template class pager<checklist>;

} // namespace tallyfy
