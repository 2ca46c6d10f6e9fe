// SPDX-License-Identifier: BSL-1.0
#include <tallyfy/sandbox/faults.hpp>

#include <array>
#include <fnmatch.h>
#include <mutex>

namespace tallyfy::sandbox {

namespace {

constexpr std::array<std::pair<fault_kind, std::string_view>, 11> kind_names{{
    {fault_kind::latency, "latency"},
    {fault_kind::status_before, "status_before"},
    {fault_kind::status_after, "status_after"},
    {fault_kind::rate_limited, "rate_limited"},
    {fault_kind::close_before_response, "close_before_response"},
    {fault_kind::reset_after_bytes, "reset_after_bytes"},
    {fault_kind::truncated_body, "truncated_body"},
    {fault_kind::malformed_json, "malformed_json"},
    {fault_kind::stall, "stall"},
    {fault_kind::connection_close, "connection_close"},
    {fault_kind::ignore_page, "ignore_page"},
}};

// splitmix64: tiny, seedable and identical on every platform (std distributions are not).
std::uint64_t next_random(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

bool glob_matches(const std::string& pattern, std::string_view path) {
    if (pattern.empty())
        return true;
    std::string subject(path);
    return ::fnmatch(pattern.c_str(), subject.c_str(), 0) == 0;
}

} // namespace

std::string_view to_string(fault_kind kind) noexcept {
    for (auto [k, name] : kind_names)
        if (k == kind)
            return name;
    return "unknown";
}

std::optional<fault_kind> parse_fault_kind(std::string_view name) noexcept {
    for (auto [k, n] : kind_names)
        if (n == name)
            return k;
    return std::nullopt;
}

struct fault_plan::impl {
    struct rule_state {
        fault_rule rule;
        std::uint64_t matched = 0;
        std::uint64_t fired = 0;
    };
    mutable std::mutex mutex;
    std::vector<rule_state> rules;
    std::uint64_t random_state;
    std::array<std::uint64_t, kind_names.size()> injected_by_kind{};
};

fault_plan::fault_plan(std::uint64_t seed)
    : impl_(std::make_unique<impl>()) {
    impl_->random_state = seed;
}
fault_plan::~fault_plan() = default;

void fault_plan::add(fault_rule rule) {
    std::lock_guard lock(impl_->mutex);
    impl_->rules.push_back({std::move(rule)});
}

void fault_plan::add(std::string method, std::string path, fault f, std::uint64_t count) {
    fault_rule rule;
    rule.method = std::move(method);
    rule.path = std::move(path);
    rule.count = count;
    rule.choices.push_back(f);
    add(std::move(rule));
}

void fault_plan::clear() {
    std::lock_guard lock(impl_->mutex);
    impl_->rules.clear();
}

void fault_plan::reseed(std::uint64_t seed) {
    std::lock_guard lock(impl_->mutex);
    impl_->random_state = seed;
}

std::optional<fault> fault_plan::pick(std::string_view method, std::string_view path) {
    std::lock_guard lock(impl_->mutex);
    for (auto& state : impl_->rules) {
        auto& rule = state.rule;
        if (rule.choices.empty())
            continue;
        if (!rule.method.empty() && rule.method != method)
            continue;
        if (!glob_matches(rule.path, path))
            continue;
        if (state.matched++ < rule.skip)
            continue;
        if (state.fired >= rule.count)
            continue;
        if (rule.probability < 1.0) {
            double draw = static_cast<double>(next_random(impl_->random_state) >> 11) * 0x1.0p-53;
            if (draw >= rule.probability)
                continue;
        }
        ++state.fired;
        const fault& chosen =
            rule.choices.size() == 1
                ? rule.choices.front()
                : rule.choices[next_random(impl_->random_state) % rule.choices.size()];
        ++impl_->injected_by_kind[static_cast<std::size_t>(chosen.kind)];
        return chosen;
    }
    return std::nullopt;
}

std::uint64_t fault_plan::injected() const {
    std::lock_guard lock(impl_->mutex);
    std::uint64_t total = 0;
    for (auto n : impl_->injected_by_kind)
        total += n;
    return total;
}

std::uint64_t fault_plan::injected(fault_kind kind) const {
    std::lock_guard lock(impl_->mutex);
    return impl_->injected_by_kind[static_cast<std::size_t>(kind)];
}

} // namespace tallyfy::sandbox
