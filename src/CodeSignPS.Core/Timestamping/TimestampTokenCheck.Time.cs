using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Timestamping;

/// <summary>The time checks of <see cref="TimestampTokenCheck"/>.</summary>
internal static partial class TimestampTokenCheck
{
    /// <summary>
    /// How far a token's genTime may lie outside the time the request was in flight.
    /// </summary>
    /// <remarks>
    /// The server stamps a time between sending and receiving, so a correct genTime differs from
    /// the local clock only by the offset between the two clocks. Clocks kept by NTP typically agree
    /// to well under a second. Five minutes is the default maximum clock skew of Kerberos, a
    /// tolerance that administrators already know, so a larger offset means that a clock is wrong.
    /// A token from a TSA whose clock is days off would have the signer certificate judged at the
    /// wrong time, and could make a new signature expired or not yet valid as soon as it is made.
    /// </remarks>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(5);

    private static void CheckGenTime(DateTimeOffset genTime, TimestampExpectation expected)
    {
        DateTimeOffset earliest = expected.SentAt - ClockTolerance;
        DateTimeOffset latest = expected.ReceivedAt + ClockTolerance;
        if (genTime < earliest || genTime > latest)
        {
            TimeSpan offset = genTime < earliest ? expected.SentAt - genTime : genTime - expected.ReceivedAt;
            string direction = genTime < earliest ? "behind" : "ahead of";
            throw Invalid(
                $"returned a token stating {Format(genTime)}, {Describe(offset)} {direction} this computer's clock ({Format(expected.ReceivedAt)}); " +
                $"more than {ClockTolerance.TotalMinutes:0} minutes means the server's clock or this computer's clock is wrong");
        }

        if (expected.SignerCertificate is X509Certificate2 signer)
        {
            CheckSignerValidAt(genTime, signer);
        }
    }

    // The verifier judges the signer certificate at the timestamp's time, so a genTime outside its
    // validity would give a signature that is expired, or not yet valid, from the start.
    private static void CheckSignerValidAt(DateTimeOffset genTime, X509Certificate2 signer)
    {
        DateTimeOffset notBefore = new(signer.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        DateTimeOffset notAfter = new(signer.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (genTime < notBefore)
        {
            throw Invalid($"returned a token stating {Format(genTime)}, before the signer certificate '{signer.Subject}' becomes valid ({Format(notBefore)}), so the signature would not be valid");
        }

        if (genTime > notAfter)
        {
            throw Invalid($"returned a token stating {Format(genTime)}, after the signer certificate '{signer.Subject}' expired ({Format(notAfter)}), so the signature would be expired");
        }
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Describe(TimeSpan offset) => offset.TotalHours >= 48
        ? $"{offset.TotalDays:0} days"
        : offset.TotalMinutes >= 120 ? $"{offset.TotalHours:0} hours" : $"{offset.TotalMinutes:0} minutes";
}
