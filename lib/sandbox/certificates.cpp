// SPDX-License-Identifier: BSL-1.0
#include "sandbox/certificates.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>

namespace tallyfy::sandbox {
namespace {

struct openssl_free {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(BIO* p) const { BIO_free(p); }
    void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};
template <class T>
using owned = std::unique_ptr<T, openssl_free>;

void check(bool ok, const char* what) {
    if (!ok)
        throw std::runtime_error(std::string("sandbox certificate generation failed: ") + what);
}

owned<EVP_PKEY> make_key() {
    owned<EVP_PKEY> key(EVP_EC_gen("P-256"));
    check(key != nullptr, "EC key");
    return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    owned<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    check(ext != nullptr, "extension");
    check(X509_add_ext(cert, ext.get(), -1) == 1, "add extension");
}

owned<X509> make_cert(EVP_PKEY* key, const certificate_spec& spec, X509* issuer,
                      EVP_PKEY* issuer_key) {
    owned<X509> cert(X509_new());
    check(cert != nullptr, "X509_new");
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    check(RAND_bytes(serial, sizeof serial) == 1, "serial");
    serial[0] &= 0x7f; // positive
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    check(bn != nullptr && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get())) != nullptr,
          "serial number");
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), static_cast<long>(spec.not_before.count()));
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(spec.not_after.count()));
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("tallyfy-cpp sandbox"), -1,
                               -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1,
                               -1, 0);
    X509* signer = issuer ? issuer : cert.get();
    X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
    if (spec.ca) {
        add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
        add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
        add_extension(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
    } else {
        add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
        add_extension(cert.get(), signer, NID_key_usage, "critical,digitalSignature");
        add_extension(cert.get(), signer, NID_ext_key_usage,
                      spec.client ? "clientAuth" : "serverAuth");
        if (!spec.alt_names.empty())
            add_extension(cert.get(), signer, NID_subject_alt_name, spec.alt_names.c_str());
        if (issuer)
            add_extension(cert.get(), issuer, NID_authority_key_identifier, "keyid:always");
    }
    check(X509_sign(cert.get(), issuer_key, EVP_sha256()) > 0, "sign");
    return cert;
}

std::string bio_string(BIO* bio) {
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

std::string cert_pem(X509* cert) {
    owned<BIO> bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_X509(bio.get(), cert) == 1, "PEM cert");
    return bio_string(bio.get());
}

std::string key_pem(EVP_PKEY* key, const std::string& passphrase = {}) {
    owned<BIO> bio(BIO_new(BIO_s_mem()));
    const EVP_CIPHER* cipher = passphrase.empty() ? nullptr : EVP_aes_256_cbc();
    auto* pass = reinterpret_cast<const unsigned char*>(passphrase.data());
    check(PEM_write_bio_PKCS8PrivateKey(bio.get(), key, cipher, reinterpret_cast<const char*>(pass),
                                        static_cast<int>(passphrase.size()), nullptr, nullptr) == 1,
          "PEM key");
    return bio_string(bio.get());
}

owned<X509> read_cert(const std::string& pem) {
    owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    owned<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    check(cert != nullptr, "read issuer certificate");
    return cert;
}

owned<EVP_PKEY> read_key(const std::string& pem) {
    owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    owned<EVP_PKEY> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    check(key != nullptr, "read issuer key");
    return key;
}

} // namespace

generated_certificates generate_loopback_certificates() {
    certificate_spec ca_spec;
    ca_spec.common_name = "tallyfy-cpp sandbox CA";
    ca_spec.ca = true;
    auto ca = issue_certificate(ca_spec);
    auto leaf = issue_certificate(certificate_spec{}, &ca);
    return {ca.cert_pem, leaf.cert_pem, leaf.key_pem};
}

issued_certificate issue_certificate(const certificate_spec& spec,
                                     const issued_certificate* issuer) {
    auto key = make_key();
    owned<X509> issuer_cert;
    owned<EVP_PKEY> issuer_key;
    if (issuer) {
        issuer_cert = read_cert(issuer->cert_pem);
        issuer_key = read_key(issuer->key_pem);
    }
    auto cert =
        make_cert(key.get(), spec, issuer_cert.get(), issuer ? issuer_key.get() : key.get());
    return {cert_pem(cert.get()), key_pem(key.get(), spec.key_passphrase)};
}

} // namespace tallyfy::sandbox
