using Chexs.Bot.Records;
using Chexs.Bot.Sessions;

namespace Chexs.Bot.Dialogs.Parsing;

/// <summary>
/// What one typed line said about a session. Every field is optional: the booking dialog asks for what is
/// missing. <see cref="Problems"/> holds sentences about parts that looked like a field but could not be
/// read (e.g. "31/02"); <see cref="Unrecognised"/> holds words that fitted nothing.
/// </summary>
public sealed record BookingLine
{
    public Programme? Programme { get; init; }
    /// <summary>Pupil names as typed, one entry per pupil ("Sam Patel", "Ava"), for <see cref="PupilNameMatcher"/>.</summary>
    public IReadOnlyList<string> PupilNames { get; init; } = [];
    /// <summary>The date/time the line named, if any (possibly a date without a time). Null when none was given or it was unreadable.</summary>
    public DateTimeReading? When { get; init; }
    /// <summary>
    /// The date/time said after "to" ("move it to Friday 4pm"), when the line also named another: the new time of a
    /// reschedule. Null when there was no such split; <see cref="When"/> then holds the only one.
    /// </summary>
    public DateTimeReading? ToWhen { get; init; }
    /// <summary>The date/time said before "to" when <see cref="ToWhen"/> is set ("move tomorrow's session to Friday").</summary>
    public DateTimeReading? FromWhen { get; init; }
    public TimeSpan? Duration { get; init; }
    public SessionKind? Kind { get; init; }
    /// <summary>A repeating booking ("every Tuesday for 6 weeks"); booking series is not available yet.</summary>
    public SessionSeries? Series { get; init; }
    /// <summary>A session reference ("S-M4D9W"), normalised.</summary>
    public string? SessionRef { get; init; }
    /// <summary>Something typed like a reference that is not one ("S-1234"), as typed.</summary>
    public string? BadRef { get; init; }
    public IReadOnlyList<string> Problems { get; init; } = [];
    public IReadOnlyList<string> Unrecognised { get; init; } = [];

    /// <summary>The line named something a booking needs (a pupil, programme, day or time, length, kind or series).</summary>
    public bool HasBookingSlots => Programme is not null || PupilNames.Count > 0 || When is not null || Duration is not null
                                   || Kind is not null || Series is not null;
}

/// <summary>
/// Fills what it can of a booking from a whole line, wherever the parts sit, e.g.
/// <c>hello, can you book Sam Patel and Ava in for tomorrow at half four, 45 min, growth?</c>.
/// Names follow "with" (or "for" when no length follows) and are separated by "and", "&amp;" or commas;
/// elsewhere a name is a word that is capitalised or is a pupil's name on record (<see cref="PupilNameLexicon"/>),
/// and is not one of the words staff wrap requests in (<see cref="Vocabulary"/>). Dates and times use
/// <see cref="UkDateTimeParser"/>'s rules, and a date and a time may sit apart ("28/11 growth with Sam at 4pm").
/// Series words ("every Tuesday", "for 6 weeks", "fortnightly", "until 17 Dec") and session references are slots too.
/// </summary>
public sealed class BookingLineParser
{
    private static readonly HashSet<string> NameSeparators = new() { "and", ",", "&", "+" };
    private static readonly HashSet<string> OneToOneWords = new() { "1:1", "1-1", "1to1", "1-to-1", "121", "1-2-1", "one-to-one", "one2one", "individual", "solo" };
    private static readonly HashSet<string> GroupWords = new() { "group", "groups", "joint", "together" };

    private readonly UkDateTimeParser _dates;

    public BookingLineParser(UkDateTimeParser dates) => _dates = dates;

    public UkDateTimeParser Dates => _dates;

    public BookingLine Parse(string? line, PupilNameLexicon? names = null) => Parse(TextTokens.Split(line), names ?? PupilNameLexicon.Empty);

    internal BookingLine Parse(IReadOnlyList<Token> t, PupilNameLexicon names)
    {
        Programme? programme = null;
        SessionKind? kind = null;
        TimeSpan? duration = null;
        SessionSeries? series = null;
        string? sessionRef = null;
        string? badRef = null;
        var phrases = new List<(UkDateTimeParser.Phrase Phrase, bool AfterTo)>();
        var pupilNames = new List<string>();
        var current = new List<string>();
        var problems = new List<string>();
        var unrecognised = new List<string>();
        var inNames = false;   // after "with" / "for": any word is a name until a field or a known word
        var whenUnreadable = false;

        void EndName()
        {
            if (current.Count > 0)
            {
                pupilNames.Add(string.Join(' ', current));
                current.Clear();
            }
        }
        void EndNames()
        {
            EndName();
            inNames = false;
        }

        var i = 0;
        while (i < t.Count)
        {
            var w = t[i].Text;
            if (SessionRefAt(t, i) is { } reference)
            {
                EndNames();
                if (reference.Normalised is { } id) sessionRef ??= id;
                else badRef ??= reference.Typed;
                i++;
                continue;
            }
            if (SeriesPhrases.Match(t, i, _dates) is { } repeat)
            {
                EndNames();
                series = series is null ? repeat.Series : series.With(repeat.Series);
                i = repeat.Next;
                continue;
            }
            if (DurationParser.Match(t, i, bareNumberIsMinutes: false) is { } length)
            {
                EndNames();
                if (length.Error is not null)
                {
                    problems.Add(length.Error);
                }
                else if (duration is null)
                {
                    duration = length.Value;
                }
                else
                {
                    problems.Add($"The line gave more than one length; I used {UkDates.Duration(duration.Value)}.");
                }
                i = length.Next;
                continue;
            }
            // "for 45" (no unit): minutes, when nothing says it is a time.
            if (w == "for" && i + 1 < t.Count && int.TryParse(t[i + 1].Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bare)
                && bare is >= 5 and <= 240 && (i + 2 >= t.Count || !(t[i + 2].Text is "am" or "pm" or "a.m" or "p.m" or "o'clock" or "oclock")))
            {
                EndNames();
                duration ??= TimeSpan.FromMinutes(bare);
                i += 2;
                continue;
            }
            if (MatchProgramme(t, i) is { } p)
            {
                EndNames();
                programme = p.Programme;
                i = p.Next;
                continue;
            }
            if (_dates.Match(t, i) is { } phrase)
            {
                EndNames();
                if (phrase.Error is not null)
                {
                    problems.Add(phrase.Error);
                    whenUnreadable = true;
                }
                else if (phrase.Time is not null && TimeRange(t, phrase) is { } range)
                {
                    // "4-4:45pm", "16:00 - 16:45", "between 4 and 5": the start, and the length if none was given.
                    phrases.Add((range.Start, AfterTo(t, i)));
                    duration ??= range.Length;
                    i = range.Next;
                    continue;
                }
                else
                {
                    phrases.Add((phrase, AfterTo(t, i)));
                }
                i = phrase.End;
                continue;
            }
            if (MatchKind(t, i) is { } k)
            {
                EndNames();
                kind = k.Kind;
                i = k.Next;
                continue;
            }

            if (w is "with" || w == "for" && !Vocabulary.IsKnown(Next(t, i + 1)))
            {
                EndName();
                inNames = true;
            }
            else if (NameSeparators.Contains(w))
            {
                // "Sam and Lily": the list goes on only when a name follows.
                EndName();
                if (!(i + 1 < t.Count && IsNameWord(t[i + 1], names))) inNames = false;
            }
            // After "with": any unknown word is a name when no pupils are on record to compare with; otherwise only name-like words.
            else if (inNames && names.IsEmpty && !Vocabulary.IsKnown(t[i].Bare) && !HasDigit(w) || IsNameWord(t[i], names))
            {
                current.Add(t[i].RawBare);
                if (t[i].Text.EndsWith("'s", StringComparison.Ordinal))
                {
                    EndName(); // "Sam's session"
                }
            }
            else
            {
                EndNames();
                if (!Vocabulary.IsKnown(t[i].Bare) && !Vocabulary.IsKnown(w))
                {
                    unrecognised.Add(t[i].Raw);
                }
            }
            i++;
        }
        EndNames();

        // Half a date/time is worse than none: "31/02 at 4pm" must not become "today at 4pm".
        DateTimeReading? when = null, toWhen = null, fromWhen = null;
        if (!whenUnreadable && phrases.Count > 0)
        {
            when = Combine(phrases.Select(x => x.Phrase), problems, reportMany: true);
            var split = phrases.FindIndex(x => x.AfterTo);
            if (split > 0)
            {
                fromWhen = Combine(phrases.Take(split).Select(x => x.Phrase), problems, reportMany: false);
                toWhen = Combine(phrases.Skip(split).Select(x => x.Phrase), problems, reportMany: false);
            }
            else if (split == 0)
            {
                toWhen = when;
            }
        }
        // "every Tuesday" names the first day when no other day was given.
        if (!whenUnreadable && series?.Day is { } seriesDay && (when is null || !when.DateGiven))
        {
            var first = new UkDateTimeParser.Phrase(0, 0, new UkDateTimeParser.WeekdaySpec(seriesDay, false), when is { TimeGiven: true } ? when.Time : null, null, when?.Guess);
            when = _dates.Resolve(first);
            if (!when.IsValid)
            {
                problems.Add(when.Error!);
                when = null;
            }
        }

        return new BookingLine
        {
            Programme = programme,
            PupilNames = pupilNames.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            When = when,
            ToWhen = toWhen,
            FromWhen = fromWhen,
            Duration = duration,
            Kind = kind,
            Series = series,
            SessionRef = sessionRef,
            BadRef = badRef,
            Problems = problems,
            Unrecognised = unrecognised,
        };
    }

    /// <summary>The first date and the first time of the phrases, as one reading (null and a problem when invalid).</summary>
    private DateTimeReading? Combine(IEnumerable<UkDateTimeParser.Phrase> phrases, List<string> problems, bool reportMany)
    {
        UkDateTimeParser.DateSpec? date = null;
        TimeOnly? time = null;
        string? guess = null;
        foreach (var phrase in phrases)
        {
            if (reportMany && (phrase.Date is not null && date is not null || phrase.Time is not null && time is not null))
            {
                problems.Add("The line gave more than one date or time; I used the first.");
                reportMany = false;
            }
            date ??= phrase.Date;
            if (time is null && phrase.Time is not null)
            {
                time = phrase.Time;
                guess = phrase.Guess;
            }
        }
        if (date is null && time is null)
        {
            return null;
        }
        var when = _dates.Resolve(new UkDateTimeParser.Phrase(0, 0, date, time, null, guess));
        if (!when.IsValid)
        {
            if (reportMany || !problems.Contains(when.Error!)) problems.Add(when.Error!);
            return null;
        }
        return when;
    }

    /// <summary>
    /// A time range after a phrase with a time: "- 4:45pm", "till 5", "and 5" (after "between"). The end's am/pm settles
    /// an unsaid start ("4-5pm" is 4pm to 5pm). Null when no end follows or the length is not a session's (5 minutes to 4 hours).
    /// </summary>
    private static (UkDateTimeParser.Phrase Start, TimeSpan Length, int Next)? TimeRange(IReadOnlyList<Token> t, UkDateTimeParser.Phrase phrase)
    {
        var k = phrase.End;
        var between = Enumerable.Range(Math.Max(0, phrase.Start - 1), phrase.End - Math.Max(0, phrase.Start - 1)).Any(x => t[x].Text == "between");
        if (k >= t.Count || !(t[k].Text is "-" or "till" or "til" or "until" || between && t[k].Text == "and"))
        {
            return null;
        }
        if (UkClock.Match(t, k + 1, afterAt: true) is not ({ } end, null))
        {
            return null;
        }
        // "4pm until 17 Dec" ends a series on a date; it is not 4pm to 5pm.
        if (end.Next < t.Count && (UkDateTimeParser.IsMonth(t[end.Next].Text) || t[end.Next].Text is "/" || t[end.Next].Text.StartsWith('/')))
        {
            return null;
        }
        var start = phrase.Time!.Value;
        var guess = phrase.Guess;
        if (guess is not null && !end.Flexible)
        {
            // Said once for both: "4-5pm".
            var settled = new TimeOnly(start.Hour % 12 + (end.Time.Hour >= 12 ? 12 : 0), start.Minute);
            if (settled < end.Time)
            {
                start = settled;
                guess = null;
            }
        }
        var minutes = (end.Time - start).TotalMinutes;
        if (end.Time <= start || minutes is < 5 or > 240)
        {
            return null;
        }
        return (phrase with { Time = start, Guess = guess }, TimeSpan.FromMinutes(minutes), end.Next);
    }

    /// <summary>Whether the word just before position <paramref name="i"/> is "to" (the new time of a move: "move it to Friday 4pm").</summary>
    private static bool AfterTo(IReadOnlyList<Token> t, int i)
    {
        var k = i - 1;
        while (k >= 0 && t[k].Text is "," or "the" or "on" or "at")
        {
            k--;
        }
        return k >= 0 && t[k].Text is "to" or "till";
    }

    private static string Next(IReadOnlyList<Token> t, int i) => i < t.Count ? t[i].Bare : "";

    private static bool HasDigit(string word) => word.Any(char.IsAsciiDigit);

    /// <summary>
    /// A word that is a pupil's name here: exactly a pupil's name on record (unless it is also a word we know and
    /// was typed in lower case: "will"), or capitalised or a near miss of a name on record, and not a word we know.
    /// </summary>
    internal static bool IsNameWord(Token token, PupilNameLexicon names)
    {
        var bare = token.Bare;
        if (bare.Length < 2 || !bare.All(c => char.IsLetter(c) || c is '-' or '\''))
        {
            return false;
        }
        var key = PupilNameMatcher.Key(bare);
        if (names.Contains(key) && (token.IsCapitalised || !Vocabulary.IsKnown(key)))
        {
            return true;
        }
        if (Vocabulary.IsKnown(bare) || Vocabulary.IsKnown(key) || UkDateTimeParser.IsDateWord(key))
        {
            return false;
        }
        return token.IsCapitalised || names.Resembles(key);
    }

    private static (string? Normalised, string Typed)? SessionRefAt(IReadOnlyList<Token> t, int i)
    {
        var raw = t[i].Raw.Trim(',', '.', ':');
        if (raw.Length < 3 || !raw.StartsWith("S-", StringComparison.OrdinalIgnoreCase))
        {
            // A bare five-character reference right after "session", "ref" or a cancel/move verb ("cancel 7K3Q9").
            if (i > 0 && t[i - 1].Text is "session" or "ref" or "reference" or "booking" or "cancel" or "reschedule" or "move" or "#"
                && raw.Length == 5 && raw.Any(char.IsAsciiDigit) && raw.Any(char.IsAsciiLetter) && SessionIds.Normalise(raw) is { } bare)
            {
                return (bare, raw);
            }
            return null;
        }
        return (SessionIds.Normalise(raw), raw);
    }

    private static (SessionKind Kind, int Next)? MatchKind(IReadOnlyList<Token> t, int i)
    {
        var w = t[i].Text;
        if (GroupWords.Contains(w) && (w == "group" || w == "groups" || i + 1 < t.Count && t[i + 1].Text is "session" or "call"))
        {
            return (SessionKind.Group, i + 1);
        }
        if (OneToOneWords.Contains(w))
        {
            return (SessionKind.OneToOne, i + 1);
        }
        if (w is "one" or "1" && i + 2 < t.Count && t[i + 1].Text is "to" or "2" or "on" && t[i + 2].Text is "one" or "1")
        {
            return (SessionKind.OneToOne, i + 3);
        }
        return null;
    }

    private static (Programme Programme, int Next)? MatchProgramme(IReadOnlyList<Token> t, int i)
    {
        // Longest first, so "after school leadership programme" wins over "leadership".
        for (var n = Math.Min(4, t.Count - i); n >= 1; n--)
        {
            var words = string.Join(' ', Enumerable.Range(i, n).Select(k => t[k].Text));
            if (ProgrammeNames.TryParse(words, out var programme))
            {
                return (programme, i + n);
            }
        }
        return null;
    }
}
