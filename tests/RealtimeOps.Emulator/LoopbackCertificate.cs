using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RealtimeOps.Emulator
{
    /// <summary>
    /// A self-signed certificate for 127.0.0.1/localhost, made at start-up for --https.
    /// Why HTTPS at all: Azure.Core's BearerTokenAuthenticationPolicy refuses to send a token over http,
    /// so clients that authenticate with Entra tokens can only be tested against a TLS endpoint.
    /// Clients trust it through the PEM written by --certificate-out (on Linux: SSL_CERT_FILE=that file).
    /// </summary>
    public static class LoopbackCertificate
    {
        public static X509Certificate2 Create()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=RealtimeOps Emulator (127.0.0.1)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

            var now = DateTimeOffset.UtcNow;
            using var ephemeral = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(7));
            // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }

        public static string ToPem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

        public static void WritePem(X509Certificate2 certificate, string path)
        {
            var full = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full));
            File.WriteAllText(full, ToPem(certificate));
        }
    }
}
