using System.Globalization;
using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Microsoft.Extensions.Time.Testing;

namespace Chexs.Bot.Tests.Dialogs;

/// <summary>
/// The utterance table (utterances.txt): lines as staff type them, each with the intent and every slot the bot must
/// read from it. Slots a row does not list must come out empty, so a reader that finds things that are not there fails too.
/// </summary>
public class UtteranceTableTests
{
    /// <summary>Wednesday 25 November 2026, 10:00 in London (GMT), as in the rest of the conversation tests.</summary>
    private static readonly UkDateTimeParser Dates = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero)), new SafeguardingOptions().Zone);

    public static readonly CommandReader Reader = new(new BookingLineParser(Dates));

    /// <summary>The sample pupils (samples/pupils.csv), whose names the bot knows when it reads a line.</summary>
    public static readonly PupilNameLexicon Pupils = new(
    [
        new PupilName("P-0001", "Sam", "Patel"), new PupilName("P-0002", "Sami", "Patil"), new PupilName("P-0003", "Lily", "Evans"),
        new PupilName("P-0004", "Noah", "Leap"), new PupilName("P-0005", "Olivia", "Chen"), new PupilName("P-0006", "Jack", "Murphy"),
        new PupilName("P-0007", "Ella", "Wright"), new PupilName("P-0008", "Leo", "Okafor"), new PupilName("P-0009", "Zara", "Ahmed"),
        new PupilName("P-0010", "Ava", "Brooks"), new PupilName("P-0011", "Mia", "Taylor"),
    ]);

    public sealed record Row(int Line, string Utterance, string Intent, string Slots)
    {
        public override string ToString() => $"{Line}: {Utterance}";
    }

    public static IReadOnlyList<Row> Rows { get; } = Load();

    public static TheoryData<Row> Table()
    {
        var data = new TheoryData<Row>();
        foreach (var row in Rows) data.Add(row);
        return data;
    }

    private static IReadOnlyList<Row> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Dialogs", "utterances.txt");
        var rows = new List<Row>();
        var n = 0;
        foreach (var line in File.ReadAllLines(path))
        {
            n++;
            if (line.TrimStart().StartsWith('#') || string.IsNullOrWhiteSpace(line)) continue;
            var parts = line.Split('|');
            Assert.True(parts.Length == 3, $"line {n} needs three columns: {line}");
            rows.Add(new Row(n, parts[0].Trim(), parts[1].Trim(), parts[2].Trim()));
        }
        return rows;
    }

    [Fact]
    public void The_table_has_at_least_150_utterances() => Assert.True(Rows.Count >= 150, $"only {Rows.Count} rows");

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_utterance_gives_its_intent_and_slots(Row row)
    {
        var u = Reader.Read(row.Utterance, Pupils);
        var expectExplicit = row.Intent.EndsWith('!');
        Assert.Equal(row.Intent.TrimEnd('!'), u.Intent.ToString());
        Assert.True(expectExplicit == u.Explicit, $"explicit should be {expectExplicit}");

        var expected = row.Slots.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "");
        var s = u.Slots;
        Assert.Equal(expected.GetValueOrDefault("pupils"), s.PupilNames.Count == 0 ? null : string.Join('+', s.PupilNames));
        Assert.Equal(expected.GetValueOrDefault("programme"), s.Programme switch { Programme.Growth => "Growth", Programme.AfterschoolLeadership => "ALP", _ => null });
        Assert.Equal(expected.GetValueOrDefault("minutes"), s.Duration is { } d ? ((int)d.TotalMinutes).ToString(CultureInfo.InvariantCulture) : null);
        Assert.Equal(expected.GetValueOrDefault("kind"), s.Kind switch { SessionKind.Group => "group", SessionKind.OneToOne => "1:1", _ => null });
        Assert.Equal(expected.GetValueOrDefault("ref"), s.SessionRef);
        Assert.Equal(expected.GetValueOrDefault("badref"), s.BadRef);
        Assert.Equal(expected.GetValueOrDefault("when") ?? expected.GetValueOrDefault("date"), When(s.When));
        Assert.Equal(expected.GetValueOrDefault("to"), When(s.ToWhen));
        Assert.Equal(expected.GetValueOrDefault("from"), When(s.FromWhen));
        Assert.Equal(expected.GetValueOrDefault("series"), Series(s.Series));
        if (expected.TryGetValue("guess", out var guess))
        {
            Assert.Contains($"as {guess}", s.When?.Guess ?? "(no guess)");
        }
        else
        {
            Assert.Null(s.When?.Guess);
        }
    }

    private static string? When(DateTimeReading? r) =>
        r is null ? null
        : r.Start is { } start ? TimeZoneInfo.ConvertTime(start, Dates.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        : r.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Series(SessionSeries? s)
    {
        if (s is null) return null;
        var parts = new List<string> { s.Frequency == SeriesFrequency.Fortnightly ? "fortnightly" : "weekly" };
        if (s.Day is { } day) parts.Add(day.ToString()[..3]);
        if (s.Count is { } count) parts.Add($"x{count}");
        if (s.Until is { } until) parts.Add($"until {until:yyyy-MM-dd}");
        return string.Join(',', parts);
    }
}
