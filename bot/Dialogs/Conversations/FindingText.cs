using System.Text.RegularExpressions;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// Presents the policy engine's finding sentences on cards. The engine writes one sentence group per
/// finding: "P4: what is wrong — why. What would fix it." Cards show the rule id on its own, the problem,
/// and the fix on a line of its own, so this strips the id prefix and splits off the last sentence.
/// </summary>
public static partial class FindingText
{
    [GeneratedRegex(@"^[PGD]\d{1,2}:\s*")]
    private static partial Regex IdPrefix();

    /// <summary>The sentence without its leading "P4: ".</summary>
    public static string WithoutId(string message) => IdPrefix().Replace(message.Trim(), "");

    /// <summary>
    /// (problem, fix): the fix is the last sentence when there are two or more; otherwise a general hint.
    /// A sentence ends at ". " followed by a capital letter, so dates ("31 Aug 2026") and initials stay whole.
    /// </summary>
    public static (string Problem, string Fix) Split(string message)
    {
        var text = WithoutId(message);
        var cut = -1;
        for (var i = 0; i + 2 < text.Length; i++)
        {
            if (text[i] == '.' && text[i + 1] == ' ' && char.IsUpper(text[i + 2]) && !IsInitial(text, i))
            {
                cut = i;
            }
        }
        return cut < 0
            ? (text, "Change the booking with the Change button, or ask a manager.")
            : (text[..(cut + 1)], text[(cut + 2)..]);
    }

    /// <summary>"S.P. is …": a full stop right after a single capital letter belongs to initials, not a sentence end.</summary>
    private static bool IsInitial(string text, int dot) =>
        dot >= 1 && char.IsUpper(text[dot - 1]) && (dot == 1 || !char.IsLetter(text[dot - 2]));
}
