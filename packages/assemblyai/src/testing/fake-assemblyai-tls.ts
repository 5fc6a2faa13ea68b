import { getCACertificates, setDefaultCACertificates } from 'node:tls';

// A self-signed certificate for 127.0.0.1, ::1 and localhost, valid until 2126, used only by the
// fake AssemblyAI server: the official SDK refuses any streaming URL that is not `wss:`, so the
// fake must speak TLS. The private key is public on purpose (it is in this repository); never
// use it for anything but local tests.

/** PEM private key of the fake server's test-only certificate. */
export const FAKE_ASSEMBLYAI_TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0stQey/Ui2UbSEuU
Ewo9kw4tPpMcrhbOkkU6yh66jiuhRANCAASj2XPY8AFzTQKmvlB4IsjA+RK2xGdp
1JpzK/ZDpZpZOrI4EYqVMIG61YIrUS9elSJVvGdXJbBIqt3Z1VPdoXPO
-----END PRIVATE KEY-----
`;

/** PEM certificate (self-signed, its own CA) of the fake AssemblyAI server. */
export const FAKE_ASSEMBLYAI_TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIB+TCCAaCgAwIBAgIUWQadK0lgEyyxzuFSsnKzohaGHFkwCgYIKoZIzj0EAwIw
MzExMC8GA1UEAwwoSW50ZXJ2aWV3S2l0IGZha2UgQXNzZW1ibHlBSSAodGVzdCBv
bmx5KTAgFw0yNjExMjkwOTQyMDhaGA8yMTI2MTEwNTA5NDIwOFowMzExMC8GA1UE
AwwoSW50ZXJ2aWV3S2l0IGZha2UgQXNzZW1ibHlBSSAodGVzdCBvbmx5KTBZMBMG
ByqGSM49AgEGCCqGSM49AwEHA0IABKPZc9jwAXNNAqa+UHgiyMD5ErbEZ2nUmnMr
9kOlmlk6sjgRipUwgbrVgitRL16VIlW8Z1clsEiq3dnVU92hc86jgY8wgYwwHQYD
VR0OBBYEFHPOY+oqR8maifS/yRNG9+IH5IvlMB8GA1UdIwQYMBaAFHPOY+oqR8ma
ifS/yRNG9+IH5IvlMCwGA1UdEQQlMCOHBH8AAAGHEAAAAAAAAAAAAAAAAAAAAAGC
CWxvY2FsaG9zdDAPBgNVHRMBAf8EBTADAQH/MAsGA1UdDwQEAwIChDAKBggqhkjO
PQQDAgNHADBEAiB6maenlXljN8skMmxSRyDYkv7fyMBshmhOHlaGixjb6wIgZJAF
USTsVpgGfYFDFwh78lZZuyImKde/eDePzLfGq5A=
-----END CERTIFICATE-----
`;

let trusted = false;

/**
 * Adds the fake server's test-only certificate to this process's default trusted CAs (Node ≥
 * 22.19 or 24.5: `tls.setDefaultCACertificates`), so the SDK's WebSocket and `fetch` accept the
 * fake's `wss://` and `https://` URLs. Process-wide and idempotent; the system CAs stay trusted.
 * Only for test processes.
 */
export function trustFakeAssemblyAICertificate(): void {
  if (trusted) return;
  setDefaultCACertificates([...getCACertificates('default'), FAKE_ASSEMBLYAI_TLS_CERT]);
  trusted = true;
}
