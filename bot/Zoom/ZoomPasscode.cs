using System.Security.Cryptography;

namespace Chexs.Bot.Zoom;

/// <summary>
/// Meeting passcodes (P6): letters and digits only (accepted by every Zoom passcode policy that allows
/// letters), at most 10 characters, always with a lower-case letter, an upper-case letter and a digit.
/// Look-alike characters (0/O, 1/l/I) are left out because guardians type these from an email.
/// </summary>
internal static class ZoomPasscode
{
    private const string Lower = "abcdefghijkmnpqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string All = Lower + Upper + Digits;
    public const int MaxLength = 10;

    public static string Generate(int length = MaxLength)
    {
        if (length is < 6 or > MaxLength)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A Zoom passcode here is 6 to {MaxLength} characters.");
        var chars = new char[length];
        chars[0] = Pick(Lower);
        chars[1] = Pick(Upper);
        chars[2] = Pick(Digits);
        for (var i = 3; i < length; i++) chars[i] = Pick(All);
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static char Pick(string alphabet) => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
}
