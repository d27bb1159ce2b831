using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Reporting;

/// <summary>
/// Projects an item's detail (a policy decision, a verification result or a signing outcome) to plain
/// JSON. Certificates appear as subject, issuer, thumbprint, serial number and validity only. Enums
/// are strings and times are ISO 8601 in UTC.
/// </summary>
internal static class JsonDetail
{
    /// <summary>The maximum depth of nested signatures written. A verification result nests one level in practice.</summary>
    private const int MaxSignatureDepth = 4;

    /// <summary>Writes <paramref name="detail"/> as a property named after its kind: <c>decision</c>, <c>verification</c> or <c>signing</c>.</summary>
    public static void Write(Utf8JsonWriter writer, object? detail)
    {
        switch (detail)
        {
            case null:
                break;
            case PolicyDecision decision:
                writer.WritePropertyName("decision");
                WriteDecision(writer, decision);
                break;
            case VerificationResult verification:
                writer.WritePropertyName("verification");
                WriteVerification(writer, verification, 0);
                break;
            case SignOutcome signing:
                writer.WritePropertyName("signing");
                WriteSigning(writer, signing);
                break;
            default:
                // An unknown detail is named, never serialised by reflection, so nothing unexpected leaks.
                writer.WriteStartObject("detail");
                writer.WriteString("type", detail.GetType().FullName);
                writer.WriteEndObject();
                break;
        }
    }

    private static void WriteDecision(Utf8JsonWriter writer, PolicyDecision decision)
    {
        writer.WriteStartObject();
        writer.WriteString("path", decision.Path);
        writer.WriteString("relativePath", decision.RelativePath);
        writer.WriteString("outcome", decision.Outcome.ToString());
        JsonReport.NullableString(writer, "environment", decision.Environment);
        writer.WriteString("mode", decision.Mode.ToString());
        JsonReport.NullableString(writer, "rule", decision.Rule);
        JsonReport.NullableString(writer, "publisher", decision.Publisher);
        writer.WriteString("validationLevel", decision.ValidationLevel.ToString());
        writer.WriteString("requiredLevel", decision.RequiredLevel.ToString());

        writer.WriteStartArray("checks");
        foreach (PolicyCheckResult check in decision.Checks)
        {
            writer.WriteStartObject();
            writer.WriteString("check", ReportItems.PolicyName(check.Check));
            writer.WriteString("action", check.Action.ToString());
            JsonReport.NullableBoolean(writer, "passed", check.Passed);
            writer.WriteString("message", check.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteStrings(writer, "reasons", decision.Reasons);
        WriteException(writer, decision.Exception);
        writer.WriteBoolean("isExceptionExpired", decision.IsExceptionExpired);
        writer.WritePropertyName("verification");
        WriteVerification(writer, decision.Verification, 0);
        writer.WriteEndObject();
    }

    private static void WriteException(Utf8JsonWriter writer, ExceptionDefinition? exception)
    {
        if (exception is null)
        {
            writer.WriteNull("exception");
            return;
        }

        writer.WriteStartObject("exception");
        writer.WriteString("path", exception.Path.Value);
        writer.WriteString("sha256", exception.Sha256.Value);
        WriteStrings(writer, "environments", exception.Environments.Select(environment => environment.Value).ToArray());
        writer.WriteString("reason", exception.Reason.Value);
        writer.WriteString("ticket", exception.Ticket.Value);
        writer.WriteString("expires", exception.Expires.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteNumber("line", exception.Position.Line);
        writer.WriteNumber("column", exception.Position.Column);
        writer.WriteEndObject();
    }

    private static void WriteVerification(Utf8JsonWriter writer, VerificationResult? result, int depth)
    {
        if (result is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("path", result.Path);
        JsonReport.NullableString(writer, "format", result.Format);
        writer.WriteString("status", result.Status.ToString());
        writer.WriteString("statusMessage", result.StatusMessage);
        JsonReport.NullableBoolean(writer, "isIntegrityValid", result.IsIntegrityValid);
        JsonReport.NullableString(writer, "hashAlgorithm", result.HashAlgorithm);
        writer.WriteString("validationLevel", result.ValidationLevel.ToString());
        writer.WritePropertyName("signerCertificate");
        WriteCertificate(writer, result.SignerCertificate);
        WriteCertificates(writer, "chain", result.Chain);
        writer.WritePropertyName("timestamp");
        WriteTimestamp(writer, result.Timestamp);
        writer.WriteStartArray("timestamps");
        foreach (TimestampInfo timestamp in result.Timestamps)
        {
            WriteTimestamp(writer, timestamp);
        }

        writer.WriteEndArray();
        writer.WriteString("revocationMode", result.RevocationMode.ToString());
        writer.WriteBoolean("isRevocationChecked", result.IsRevocationChecked);
        WriteChecks(writer, result.Checks);
        JsonReport.NullableString(writer, "signaturePath", result.SignaturePath);
        writer.WriteStartArray("signatures");
        if (depth < MaxSignatureDepth)
        {
            foreach (VerificationResult signature in result.Signatures)
            {
                WriteVerification(writer, signature, depth + 1);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteChecks(Utf8JsonWriter writer, IReadOnlyList<CheckOutcome> checks)
    {
        writer.WriteStartArray("checks");
        foreach (CheckOutcome check in checks)
        {
            writer.WriteStartObject();
            writer.WriteString("name", check.Name);
            JsonReport.NullableBoolean(writer, "passed", check.Passed);
            writer.WriteString("message", check.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteTimestamp(Utf8JsonWriter writer, TimestampInfo? timestamp)
    {
        if (timestamp is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("kind", timestamp.Kind.ToString());
        JsonReport.NullableString(writer, "time", timestamp.Time is { } time ? JsonReport.Time(time) : null);
        writer.WriteBoolean("isVerified", timestamp.IsVerified);
        JsonReport.NullableString(writer, "hashAlgorithm", timestamp.HashAlgorithm);
        JsonReport.NullableString(writer, "message", timestamp.Message);
        writer.WritePropertyName("certificate");
        WriteCertificate(writer, timestamp.Certificate);
        WriteCertificates(writer, "chain", timestamp.Chain);
        writer.WriteEndObject();
    }

    private static void WriteSigning(Utf8JsonWriter writer, SignOutcome outcome)
    {
        writer.WriteStartObject();
        writer.WriteString("path", outcome.Path);
        writer.WriteBoolean("skipped", outcome.Skipped);
        WriteStrings(writer, "warnings", outcome.Warnings);
        writer.WritePropertyName("verification");
        WriteVerification(writer, outcome.Result, 0);
        writer.WriteEndObject();
    }

    private static void WriteCertificates(Utf8JsonWriter writer, string name, IReadOnlyList<X509Certificate2> certificates)
    {
        writer.WriteStartArray(name);
        foreach (X509Certificate2 certificate in certificates)
        {
            WriteCertificate(writer, certificate);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the public facts of a certificate, never its encoded form or any key.</summary>
    private static void WriteCertificate(Utf8JsonWriter writer, X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("subject", certificate.Subject);
        writer.WriteString("issuer", certificate.Issuer);
        writer.WriteString("thumbprint", certificate.Thumbprint);
        writer.WriteString("serialNumber", certificate.SerialNumber);
        writer.WriteString("notBefore", JsonReport.Time(new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero)));
        writer.WriteString("notAfter", JsonReport.Time(new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero)));
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
