using Chexs.Bot.DataExchange;
using Chexs.Bot.Hosting;
using Chexs.Bot.Records;
using Chexs.Bot.Tests.Safeguarding;
using CsvHelper;

namespace Chexs.Bot.Tests.DataExchange;

public class ExportCommandTests : IDisposable
{
    private readonly BotServices _bot = new(PolicyScenario.Local(2026, 11, 2, 9));
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public ExportCommandTests()
    {
        _bot.Db.AddStaff();
        _bot.Db.AddPupil("P-0001", "Sam", "Patel", new DateOnly(2011, 5, 14));
        _bot.Db.AddPupil("P-0002", "Sami", "Patil", new DateOnly(2012, 3, 9));
        _bot.Db.AddSession("S-GROUP", PolicyScenario.Local(2026, 7, 10, 16), SessionKind.Group, "P-0001", "P-0002");
        _bot.Db.AppendAudit(PolicyScenario.Local(2026, 11, 1, 9), WorldBuilder.Morgan, "session.approved", new[] { "S-GROUP" }, "=HYPERLINK(\"http://evil\")");
    }

    public void Dispose() => _bot.Dispose();

    private int Export(params string[] args) => DataExchangeCommands.ExportAsync(args, _bot.Services, _out, _err).GetAwaiter().GetResult();

    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        using var reader = CsvReader.FromFile(path);
        var headers = reader.Headers.ToList();
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read()) rows.Add(headers.Select((h, i) => (h, v: reader.GetString(i))).ToDictionary(x => x.h, x => x.v));
        return rows;
    }

    [Fact]
    public void Sessions_export_has_minimum_data_and_no_join_details()
    {
        var path = Path.Combine(_bot.Folder, "sessions.csv");
        Assert.Equal(0, Export("sessions", path));
        var text = File.ReadAllText(path);
        Assert.DoesNotContain("SECRETPASS", text);
        Assert.DoesNotContain("zoom.example", text);
        Assert.DoesNotContain("123456789", text);
        Assert.DoesNotContain("Sam", text);
        Assert.DoesNotContain("Patel", text);
        var row = Assert.Single(ReadCsv(path));
        Assert.Equal("S-GROUP", row["session_id"]);
        Assert.Equal("2026-07-10 16:00", row["start_local"]); // BST wall clock, not UTC
        Assert.Equal("Growth Programme", row["programme"]);
        Assert.Equal("group", row["kind"]);
        Assert.Equal("Scheduled", row["status"]);
        Assert.Equal("Alex Host", row["host"]);
        Assert.Equal("2", row["pupil_count"]);
        Assert.Equal("S.P.;S.P.", row["pupil_initials"]);
        Assert.Contains("Wrote 1 sessions", _out.ToString());
    }

    [Fact]
    public void Audit_export_lists_events_and_defuses_spreadsheet_formulas()
    {
        var path = Path.Combine(_bot.Folder, "audit.csv");
        Assert.Equal(0, Export("audit", path));
        var row = Assert.Single(ReadCsv(path));
        Assert.Equal("session.approved", row["action"]);
        Assert.Equal(WorldBuilder.Morgan, row["actor"]);
        Assert.Equal("S-GROUP", row["records"]);
        Assert.Equal("2026-11-01T09:00:00Z", row["at_utc"]);
        Assert.Equal("'=HYPERLINK(\"http://evil\")", row["detail"]);
    }

    [Fact]
    public void Export_usage_errors()
    {
        Assert.Throws<CommandLineException>(() => Export("sessions"));
        Assert.Throws<CommandLineException>(() => Export("pupils", Path.Combine(_bot.Folder, "p.csv")));
    }

    [Fact]
    public void An_export_into_a_folder_that_does_not_exist_yet_creates_it_as_on_a_fresh_clone_without_data()
    {
        var file = Path.Combine(_bot.Folder, "no-such-folder", "a.csv");

        Export("audit", file);

        Assert.True(File.Exists(file));
    }
}
