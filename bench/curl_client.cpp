// SPDX-License-Identifier: BSL-1.0
#include "curl_client.hpp"

#include "alloc_counter.hpp"

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace tallyfy::bench {

namespace {

// libcurl's and cJSON's allocations, counted as the SDK's and Beast's operator new are.
void* counted_malloc(std::size_t n) {
    count_allocation();
    return std::malloc(n);
}
void* counted_calloc(std::size_t n, std::size_t size) {
    count_allocation();
    return std::calloc(n, size);
}
void* counted_realloc(void* p, std::size_t n) {
    count_allocation();
    return std::realloc(p, n);
}
char* counted_strdup(const char* s) {
    count_allocation();
    return ::strdup(s);
}
void counted_free(void* p) {
    std::free(p);
}

std::size_t append_body(char* data, std::size_t size, std::size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

void check(CURLMcode code, const char* what) {
    if (code != CURLM_OK)
        throw std::runtime_error(std::string("curl ") + what + ": " + curl_multi_strerror(code));
}

using clock_type = std::chrono::steady_clock;

} // namespace

void curl_global_setup() {
    static const bool done = [] {
        cJSON_Hooks hooks{counted_malloc, counted_free};
        cJSON_InitHooks(&hooks);
        if (curl_global_init_mem(CURL_GLOBAL_DEFAULT, counted_malloc, counted_free, counted_realloc,
                                 counted_strdup, counted_calloc) != CURLE_OK)
            throw std::runtime_error("curl_global_init_mem failed");
        return true;
    }();
    (void)done;
}

/// One worker: an easy handle reused for every request it sends (its connection stays in the
/// multi handle's cache), its headers and the body it is reading.
struct transfer {
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;      ///< every request's
    curl_slist* json_headers = nullptr; ///< a POST's: those and its Content-Type
    std::string url;
    std::string request_body;
    std::string body;
    std::size_t index = 0;
    clock_type::time_point started;
};

struct curl_multi_loop::impl {
    curl_config config;
    CURLM* multi = nullptr;
    std::vector<transfer> transfers;
    curl_blob ca{};
};

curl_multi_loop::curl_multi_loop(curl_config config, std::size_t concurrency)
    : impl_(std::make_unique<impl>()) {
    curl_global_setup();
    impl_->config = std::move(config);
    impl_->multi = curl_multi_init();
    if (!impl_->multi)
        throw std::runtime_error("curl_multi_init failed");
    curl_multi_setopt(impl_->multi, CURLMOPT_MAXCONNECTS, static_cast<long>(concurrency));
    impl_->ca.data = impl_->config.ca_pem.data();
    impl_->ca.len = impl_->config.ca_pem.size();
    impl_->ca.flags = CURL_BLOB_NOCOPY;
    impl_->transfers.resize(concurrency);
    for (auto& t : impl_->transfers) {
        t.easy = curl_easy_init();
        if (!t.easy)
            throw std::runtime_error("curl_easy_init failed");
        const auto& c = impl_->config;
        for (const std::string& h :
             {"Authorization: " + c.authorization, std::string("Accept: application/json"),
              "X-Tallyfy-Client: " + c.client_header}) {
            t.headers = curl_slist_append(t.headers, h.c_str());
            t.json_headers = curl_slist_append(t.json_headers, h.c_str());
        }
        t.json_headers = curl_slist_append(t.json_headers, "Content-Type: application/json");
        curl_easy_setopt(t.easy, CURLOPT_USERAGENT, c.user_agent.c_str());
        curl_easy_setopt(t.easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
        curl_easy_setopt(t.easy, CURLOPT_WRITEFUNCTION, append_body);
        curl_easy_setopt(t.easy, CURLOPT_WRITEDATA, &t.body);
        curl_easy_setopt(t.easy, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(t.easy, CURLOPT_SSL_VERIFYHOST, 2L);
        curl_easy_setopt(t.easy, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);
        if (!c.ca_pem.empty())
            curl_easy_setopt(t.easy, CURLOPT_CAINFO_BLOB, &impl_->ca);
        if (!c.system_roots) {
            curl_easy_setopt(t.easy, CURLOPT_CAPATH, nullptr);
            if (c.ca_pem.empty())
                curl_easy_setopt(t.easy, CURLOPT_CAINFO, nullptr);
        }
        curl_easy_setopt(t.easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(t.easy, CURLOPT_PRIVATE, &t);
        t.body.reserve(128 * 1024);
    }
}

curl_multi_loop::~curl_multi_loop() {
    for (auto& t : impl_->transfers) {
        if (t.easy) {
            curl_multi_remove_handle(impl_->multi, t.easy);
            curl_easy_cleanup(t.easy);
        }
        curl_slist_free_all(t.headers);
        curl_slist_free_all(t.json_headers);
    }
    curl_multi_cleanup(impl_->multi);
}

curl_multi_loop::totals
curl_multi_loop::run(std::size_t n, const std::function<curl_request(std::size_t)>& request,
                     const std::function<std::size_t(std::size_t, const std::string&)>& checker,
                     std::vector<double>& latency_us) {
    totals out;
    std::size_t next = 0;
    std::size_t running = 0;
    auto start = [&](transfer& t) {
        t.index = next++;
        const curl_request r = request(t.index);
        t.url = impl_->config.origin + r.target;
        t.body.clear();
        curl_easy_setopt(t.easy, CURLOPT_URL, t.url.c_str());
        curl_easy_setopt(t.easy, CURLOPT_HTTPHEADER, r.post ? t.json_headers : t.headers);
        if (r.post) {
            t.request_body = r.body;
            curl_easy_setopt(t.easy, CURLOPT_POSTFIELDS, t.request_body.c_str());
            curl_easy_setopt(t.easy, CURLOPT_POSTFIELDSIZE,
                             static_cast<long>(t.request_body.size()));
        } else {
            curl_easy_setopt(t.easy, CURLOPT_HTTPGET, 1L);
        }
        t.started = clock_type::now();
        check(curl_multi_add_handle(impl_->multi, t.easy), "add_handle");
        ++running;
    };
    for (auto& t : impl_->transfers)
        if (next < n)
            start(t);
    while (running > 0) {
        int active = 0;
        check(curl_multi_perform(impl_->multi, &active), "perform");
        int queued = 0;
        while (CURLMsg* msg = curl_multi_info_read(impl_->multi, &queued)) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            transfer* t = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
            const CURLcode result = msg->data.result;
            curl_multi_remove_handle(impl_->multi, t->easy);
            --running;
            if (result != CURLE_OK)
                throw std::runtime_error(std::string("curl transfer: ") +
                                         curl_easy_strerror(result));
            long status = 0;
            curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
            if (status != 200)
                throw std::runtime_error("curl: HTTP " + std::to_string(status));
            out.items += checker(t->index, t->body);
            out.bytes += t->body.size();
            latency_us[t->index] =
                std::chrono::duration<double, std::micro>(clock_type::now() - t->started).count();
            if (next < n)
                start(*t);
        }
        if (running > 0)
            check(curl_multi_poll(impl_->multi, nullptr, 0, 1000, nullptr), "poll");
    }
    return out;
}

std::size_t curl_check_completion(const std::string& body, const std::string& task_id) {
    cJSON* root = cJSON_ParseWithLength(body.data(), body.size());
    const cJSON* data = cJSON_GetObjectItemCaseSensitive(root, "data");
    const cJSON* id = cJSON_GetObjectItemCaseSensitive(data, "id");
    const cJSON* status = cJSON_GetObjectItemCaseSensitive(data, "status");
    const bool ok = cJSON_IsString(id) && task_id == id->valuestring && cJSON_IsString(status) &&
                    std::strcmp(status->valuestring, "completed") == 0;
    cJSON_Delete(root);
    if (!ok)
        throw std::runtime_error("curl complete: unexpected task in the response");
    return 1;
}

std::size_t curl_check_page(const std::string& body) {
    cJSON* root = cJSON_ParseWithLength(body.data(), body.size());
    const cJSON* data = cJSON_GetObjectItemCaseSensitive(root, "data");
    const bool ok = cJSON_IsArray(data);
    const std::size_t n = ok ? static_cast<std::size_t>(cJSON_GetArraySize(data)) : 0;
    cJSON_Delete(root);
    if (!ok)
        throw std::runtime_error("curl page: no data array");
    return n;
}

} // namespace tallyfy::bench
