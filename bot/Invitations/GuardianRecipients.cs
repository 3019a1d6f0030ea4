using Chexs.Bot.Records;
using MimeKit;

namespace Chexs.Bot.Invitations;

/// <summary>
/// P3: join details go to a pupil's parent/guardian and nobody else. A guardian is a recipient for a pupil
/// only when BOTH records say so (Pupil.GuardianIds lists the guardian and Guardian.PupilIds lists the
/// pupil) and the guardian's address is one plain, valid mailbox. The address is never taken from anywhere else.
/// </summary>
public static class GuardianRecipients
{
    /// <summary>Null when the guardian may receive this pupil's join details; otherwise why not (plain words).</summary>
    public static string? WhyNot(Pupil pupil, Guardian guardian)
    {
        if (!pupil.GuardianIds.Contains(guardian.Id, StringComparer.Ordinal))
            return "the pupil's record does not list this guardian";
        if (!guardian.PupilIds.Contains(pupil.Id, StringComparer.Ordinal))
            return "the guardian's record is not linked to this pupil";
        if (!IsSingleMailbox(guardian.Email))
            return "the guardian's email address is missing or not a single valid address";
        return null;
    }

    /// <summary>
    /// Exactly one addr-spec ("name@example.org"): no display name, no list, no group, no whitespace,
    /// a dotted domain. Anything cleverer than that is not an address we send join details to.
    /// </summary>
    public static bool IsSingleMailbox(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return false;
        var text = email.Trim();
        if (text.Length > 254 || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is ',' or ';' or '<' or '>' or '"' or '(' or ')' or ':'))
            return false;
        if (text.Count(c => c == '@') != 1) return false;
        if (!MailboxAddress.TryParse(ParserOptions.Default, text, out var mailbox) || !string.Equals(mailbox.Address, text, StringComparison.Ordinal))
            return false;
        var at = text.IndexOf('@');
        var domain = text[(at + 1)..];
        return at > 0 && domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..");
    }

    /// <summary>A display name that cannot be mistaken for, or smuggle in, an address.</summary>
    public static string SafeDisplayName(string? name)
    {
        var cleaned = new string((name ?? "").Where(c => !char.IsControl(c) && c is not ('<' or '>' or '@' or ',' or ';' or '"' or ':')).ToArray());
        cleaned = string.Join(' ', cleaned.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return cleaned.Length > 80 ? cleaned[..80] : cleaned;
    }
}
