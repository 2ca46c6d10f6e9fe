// SPDX-License-Identifier: BSL-1.0
#include "core/transport/tls_failure.hpp"

#include <tallyfy/api_error.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace tallyfy::detail {

namespace {

namespace net = boost::asio;
using boost::system::error_code;

constexpr std::size_t max_subject_bytes = 200;
constexpr std::size_t max_names_bytes = 240;

struct tls_bio_free {
    void operator()(BIO* b) const { BIO_free(b); }
};

std::string bio_text(BIO* bio, std::size_t max_bytes) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return printable(std::string_view(data, size > 0 ? static_cast<std::size_t>(size) : 0),
                     max_bytes);
}

std::string subject_of(X509* cert) {
    std::unique_ptr<BIO, tls_bio_free> bio(BIO_new(BIO_s_mem()));
    if (!bio)
        return {};
    // RFC 2253 (CN first), UTF-8 kept: printable() escapes what a terminal would act on.
    X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0,
                       XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    return bio_text(bio.get(), max_subject_bytes);
}

std::string alt_names_of(X509* cert) {
    const int at = X509_get_ext_by_NID(cert, NID_subject_alt_name, -1);
    if (at < 0)
        return {};
    std::unique_ptr<BIO, tls_bio_free> bio(BIO_new(BIO_s_mem()));
    if (!bio || X509V3_EXT_print(bio.get(), X509_get_ext(cert, at), 0, 0) != 1)
        return {};
    return bio_text(bio.get(), max_names_bytes);
}

int tls_cert_request_index() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

// Called by OpenSSL when a server asks for a client certificate and none is configured.
int on_certificate_request(SSL* ssl, X509**, EVP_PKEY**) {
    static int marker = 1;
    SSL_set_ex_data(ssl, tls_cert_request_index(), &marker);
    return 0; // send none
}

const char* alert_name(int alert) {
    switch (alert) {
    case 10:
        return "unexpected_message";
    case 20:
        return "bad_record_mac";
    case 22:
        return "record_overflow";
    case 40:
        return "handshake_failure";
    case 42:
        return "bad_certificate";
    case 43:
        return "unsupported_certificate";
    case 44:
        return "certificate_revoked";
    case 45:
        return "certificate_expired";
    case 46:
        return "certificate_unknown";
    case 47:
        return "illegal_parameter";
    case 48:
        return "unknown_ca";
    case 49:
        return "access_denied";
    case 50:
        return "decode_error";
    case 51:
        return "decrypt_error";
    case 70:
        return "protocol_version";
    case 71:
        return "insufficient_security";
    case 80:
        return "internal_error";
    case 86:
        return "inappropriate_fallback";
    case 90:
        return "user_canceled";
    case 109:
        return "missing_extension";
    case 110:
        return "unsupported_extension";
    case 112:
        return "unrecognized_name";
    case 116:
        return "certificate_required";
    case 120:
        return "no_application_protocol";
    default:
        return nullptr;
    }
}

constexpr const char* no_client_certificate =
    "the server requires a client certificate and none was sent (see "
    "tls_options::client_certificate_file)";
constexpr const char* old_protocol =
    "the server offers only a TLS version older than 1.2; this client requires TLS 1.2 or later";

/// What an alert from the server means for this connection.
std::string alert_meaning(SSL* ssl, int alert, const std::string& host) {
    const bool sent_certificate = SSL_get_certificate(ssl) != nullptr;
    const bool asked = client_certificate_requested(ssl);
    switch (alert) {
    case 116:
        return no_client_certificate;
    case 40:
        if (asked)
            return no_client_certificate;
        return "the server accepts none of the TLS versions, cipher suites or key exchanges this "
               "client offers";
    case 42:
    case 43:
    case 44:
    case 45:
    case 46:
    case 48:
    case 49:
        if (sent_certificate)
            return "the server refused this client's certificate";
        if (asked)
            return no_client_certificate;
        return "the server refused the handshake";
    case 70:
        return old_protocol;
    case 71:
        return "the server requires stronger security than this client offers";
    case 112:
        return "the server does not serve the host name " + printable(host, 255);
    default:
        return {};
    }
}

bool is_host_mismatch(long verify) {
    return verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH;
}

bool is_untrusted_issuer(long verify) {
    return verify == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
           verify == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
           verify == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
           verify == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT;
}

std::string describe_verify_failure(long verify, const verify_failure& note,
                                    const std::string& host) {
    std::string out = "certificate verify failed: ";
    out += X509_verify_cert_error_string(verify);
    out += " (verify error " + std::to_string(verify) + ")";
    if (note.error == verify && !note.subject.empty()) {
        out += " for subject " + note.subject;
        if (note.depth > 0)
            out += " (an issuer of the server's certificate, depth " + std::to_string(note.depth) +
                   ")";
    }
    if (is_host_mismatch(verify)) {
        out += "; expected host " + printable(host, 255);
        out += note.names.empty() ? ", the certificate names no subjectAltName"
                                  : ", the certificate names " + note.names;
    } else if (is_untrusted_issuer(verify)) {
        out += "; not issued by a CA this client trusts (add one with tls_options::extra_ca_file)";
    }
    return out;
}

/// The verification error that failed the handshake: none when verification is off (OpenSSL
/// still verifies then, and records a result that failed nothing).
long verify_error(SSL* ssl, const verify_failure& note) {
    if (note.error != X509_V_OK)
        return note.error;
    if ((SSL_get_verify_mode(ssl) & SSL_VERIFY_PEER) == 0)
        return X509_V_OK;
    return SSL_get_verify_result(ssl);
}

} // namespace

bool note_verify_result(bool preverified, X509_STORE_CTX* store, verify_failure& note) {
    if (preverified || note.error != X509_V_OK)
        return preverified;
    note.error = X509_STORE_CTX_get_error(store);
    note.depth = X509_STORE_CTX_get_error_depth(store);
    if (X509* cert = X509_STORE_CTX_get_current_cert(store)) {
        note.subject = subject_of(cert);
        if (note.depth == 0)
            note.names = alt_names_of(cert);
    }
    return preverified;
}

void watch_certificate_requests(SSL_CTX* ctx) {
    SSL_CTX_set_client_cert_cb(ctx, &on_certificate_request);
}

bool client_certificate_requested(SSL* ssl) {
    return SSL_get_ex_data(ssl, tls_cert_request_index()) != nullptr;
}

bool is_tls_protocol_error(const error_code& ec) {
    return ec.category() == net::error::get_ssl_category();
}

bool is_tls_alert(const error_code& ec) {
    if (!is_tls_protocol_error(ec))
        return false;
    const int reason = ERR_GET_REASON(static_cast<unsigned long>(ec.value()));
    return reason >= SSL_AD_REASON_OFFSET && reason < SSL_AD_REASON_OFFSET + 256;
}

bool handshake_broke(SSL* ssl, const error_code& ec, const verify_failure& note) {
    return verify_error(ssl, note) == X509_V_OK &&
           (ec == net::ssl::error::stream_truncated || ec == net::error::eof ||
            ec == net::error::connection_reset || ec == net::error::broken_pipe);
}

std::string describe_tls_failure(SSL* ssl, const error_code& ec, const verify_failure& note,
                                 const std::string& host) {
    const long verify = verify_error(ssl, note);
    if (verify != X509_V_OK)
        return describe_verify_failure(verify, note, host);
    if (ec == net::ssl::error::stream_truncated || ec == net::error::eof) {
        const auto received = BIO_number_read(SSL_get_rbio(ssl));
        if (received == 0)
            return "the server closed the connection during the handshake, without answering "
                   "this client's hello";
        return "the server closed the connection during the handshake, after " +
               std::to_string(received) + " bytes of its answer (a truncated handshake)";
    }
    if (ec == net::error::connection_reset)
        return ec.message() + ": the server reset the connection during the handshake";
    std::string out = ec.message();
    if (!is_tls_protocol_error(ec))
        return out;
    const int reason = ERR_GET_REASON(static_cast<unsigned long>(ec.value()));
    if (is_tls_alert(ec)) {
        const int alert = reason - SSL_AD_REASON_OFFSET;
        const char* name = alert_name(alert);
        out += ": the server sent the TLS alert ";
        out += name ? name : "number";
        out += " (" + std::to_string(alert) + ")";
        if (auto meaning = alert_meaning(ssl, alert, host); !meaning.empty())
            out += ": " + meaning;
        return out;
    }
    switch (reason) {
    case SSL_R_WRONG_VERSION_NUMBER:
    case SSL_R_PACKET_LENGTH_TOO_LONG:
    case SSL_R_RECORD_LENGTH_MISMATCH:
    case SSL_R_UNKNOWN_PROTOCOL:
        return out + ": the server did not answer in TLS (plain HTTP on this port, or another "
                     "protocol?)";
    case SSL_R_UNSUPPORTED_PROTOCOL:
    case SSL_R_NO_PROTOCOLS_AVAILABLE:
    case SSL_R_VERSION_TOO_LOW:
        return out + ": " + old_protocol;
    case SSL_R_CERTIFICATE_VERIFY_FAILED:
        return out + ": the certificate does not name " + printable(host, 255);
    default:
        return out;
    }
}

} // namespace tallyfy::detail
