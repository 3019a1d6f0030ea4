using Chexs.Bot.Records;

namespace Chexs.Bot.Dialogs.Parsing;

/// <summary>
/// What one typed booking line said. Every field is optional: the booking dialog asks for what is
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
    public TimeSpan? Duration { get; init; }
    public SessionKind? Kind { get; init; }
    public IReadOnlyList<string> Problems { get; init; } = [];
    public IReadOnlyList<string> Unrecognised { get; init; } = [];
}

/// <summary>
/// Fills what it can of a booking from one line, e.g.
/// <c>book session growth with Sam Patel and Ava Jones tomorrow 4pm for 45 min group</c>.
/// Names follow "with" (or "for" when no length follows) and are separated by "and", "&amp;" or commas;
/// they end where any other field begins. Dates and times use <see cref="UkDateTimeParser"/>'s rules,
/// and a date and a time may sit apart ("28/11 growth with Sam at 4pm").
/// </summary>
public sealed class BookingLineParser
{
    private static readonly HashSet<string> Noise = new()
    {
        "book", "a", "an", "the", "new", "session", "sessions", "meeting", "call", "video", "zoom", "please",
        "for", "on", "at", "in", "of", ",", "programme", "program", "to",
    };
    private static readonly HashSet<string> NameSeparators = new() { "and", ",", "&", "+" };
    private static readonly HashSet<string> NameEnders = new() { "please", "session", "sessions", "programme", "program" };
    private static readonly HashSet<string> OneToOneWords = new() { "1:1", "1-1", "1to1", "1-to-1", "121", "one-to-one", "one2one", "individual" };

    private readonly UkDateTimeParser _dates;

    public BookingLineParser(UkDateTimeParser dates) => _dates = dates;

    public BookingLine Parse(string? line)
    {
        var t = TextTokens.Split(line);
        Programme? programme = null;
        SessionKind? kind = null;
        TimeSpan? duration = null;
        UkDateTimeParser.DateSpec? date = null;
        TimeOnly? time = null;
        var names = new List<string>();
        var current = new List<string>();
        var problems = new List<string>();
        var unrecognised = new List<string>();
        var inNames = false;
        var whenUnreadable = false;

        void EndName()
        {
            if (current.Count > 0)
            {
                names.Add(string.Join(' ', current));
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
            if (_dates.Match(t, i) is { } phrase)
            {
                EndNames();
                if (phrase.Error is not null)
                {
                    problems.Add(phrase.Error);
                    whenUnreadable = true;
                }
                else
                {
                    if (phrase.Date is not null && date is not null || phrase.Time is not null && time is not null)
                    {
                        problems.Add("The line gave more than one date or time; I used the first.");
                    }
                    date ??= phrase.Date;
                    time ??= phrase.Time;
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
            if (MatchProgramme(t, i) is { } p)
            {
                EndNames();
                programme = p.Programme;
                i = p.Next;
                continue;
            }

            var w = t[i].Text;
            if (w is "with" or "for")
            {
                EndName();
                inNames = true;
            }
            else if (inNames && NameSeparators.Contains(w))
            {
                EndName();
            }
            else if (inNames && NameEnders.Contains(w))
            {
                EndNames();
            }
            else if (inNames && !(current.Count == 0 && w is "a" or "an" or "the" or "pupil" or "pupils"))
            {
                current.Add(t[i].Raw);
            }
            else if (!inNames && !Noise.Contains(w))
            {
                unrecognised.Add(t[i].Raw);
            }
            i++;
        }
        EndNames();

        DateTimeReading? when = null;
        // Half a date/time is worse than none: "31/02 at 4pm" must not become "today at 4pm".
        if (!whenUnreadable && (date is not null || time is not null))
        {
            when = _dates.Resolve(new UkDateTimeParser.Phrase(0, 0, date, time, null));
            if (!when.IsValid)
            {
                problems.Add(when.Error!);
                when = null;
            }
        }

        return new BookingLine
        {
            Programme = programme,
            PupilNames = names.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            When = when,
            Duration = duration,
            Kind = kind,
            Problems = problems,
            Unrecognised = unrecognised,
        };
    }

    private static (SessionKind Kind, int Next)? MatchKind(IReadOnlyList<Token> t, int i)
    {
        var w = t[i].Text;
        if (w == "group")
        {
            return (SessionKind.Group, i + 1);
        }
        if (OneToOneWords.Contains(w))
        {
            return (SessionKind.OneToOne, i + 1);
        }
        if (w is "one" or "1" && i + 2 < t.Count && t[i + 1].Text == "to" && t[i + 2].Text is "one" or "1")
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
