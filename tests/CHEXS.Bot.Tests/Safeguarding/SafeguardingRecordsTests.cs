using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using static Chexs.Bot.Tests.Safeguarding.WorldBuilder;

namespace Chexs.Bot.Tests.Safeguarding;

public class SafeguardingRecordsTests : IDisposable
{
    private static DateTimeOffset Local(int y, int mo, int d, int h, int mi = 0) => PolicyScenario.Local(y, mo, d, h, mi);

    private readonly BotServices _bot = new(Local(2026, 11, 2, 9));

    public SafeguardingRecordsTests()
    {
        _bot.Db.AddStaff();
        _bot.Db.AddPupil("P-0001", "Sam", "Patel", new DateOnly(2011, 5, 14));
        _bot.Db.AddAnnualConsent("P-0001", 2026);
        _bot.Db.AddPupil("P-0002", "Sami", "Patil", new DateOnly(2012, 3, 9));
        _bot.Db.AddAnnualConsent("P-0002", 2026);
    }

    public void Dispose() => _bot.Dispose();

    private static SessionProposal OneToOne(DateTimeOffset start, string pupil = "P-0001") => new()
    {
        Programme = Programme.Growth, HostId = Alex, RequestedBy = Alex, PupilIds = new[] { pupil }, Start = start, DurationMinutes = 45, Kind = SessionKind.OneToOne,
    };

    [Fact]
    public async Task Judges_a_proposal_from_the_stored_records()
    {
        var records = _bot.Get<SafeguardingRecords>();
        Assert.Equal(PolicyOutcome.Allowed, (await records.JudgeAsync(OneToOne(Local(2026, 12, 3, 16)))).Outcome);
        var noConsent = await records.JudgeAsync(OneToOne(Local(2027, 9, 3, 16))); // next academic year
        Assert.Equal(PolicyOutcome.Blocked, noConsent.Outcome);
        Assert.Contains("P4: no consent covers Sam Patel on Fri 3 Sep 2027 — the 2026/27 annual consent ended on 31 Aug 2027", noConsent.Describe());
    }

    [Fact]
    public async Task Finds_stored_sessions_that_double_book_the_pupil_or_host_but_not_cancelled_ones()
    {
        var records = _bot.Get<SafeguardingRecords>();
        var other = _bot.Db.AddSession("S-OTHER", Local(2026, 12, 3, 16), SessionKind.OneToOne, "P-0002");
        Assert.Contains((await records.JudgeAsync(OneToOne(Local(2026, 12, 3, 16, 30)))).Findings, f => f.RuleId == "D1");
        Assert.DoesNotContain((await records.JudgeAsync(OneToOne(Local(2026, 12, 3, 16, 45)))).Findings, f => f.RuleId == "D1");
        other.Cancel("cancelled for the test");
        _bot.Db.Sessions.Update(other);
        Assert.DoesNotContain((await records.JudgeAsync(OneToOne(Local(2026, 12, 3, 16, 30)))).Findings, f => f.RuleId == "D1");
    }

    [Fact]
    public async Task Finds_a_pupils_other_session_with_another_host()
    {
        var records = _bot.Get<SafeguardingRecords>();
        var other = _bot.Db.AddSession("S-OTHER", Local(2026, 12, 3, 16), SessionKind.OneToOne, "P-0001");
        other.HostId = Morgan;
        _bot.Db.Sessions.Update(other);
        var v = await records.JudgeAsync(OneToOne(Local(2026, 12, 3, 16, 30)));
        Assert.Contains(v.Findings, f => f.RuleId == "D1" && f.PupilId == "P-0001");
    }

    [Fact]
    public async Task Existing_session_is_judged_without_clashing_with_itself()
    {
        var records = _bot.Get<SafeguardingRecords>();
        var session = _bot.Db.AddSession("S-SELF", Local(2026, 12, 3, 16), SessionKind.OneToOne, "P-0001");
        Assert.Equal(PolicyOutcome.Allowed, (await records.JudgeAsync(session)).Outcome);
    }

    [Fact]
    public async Task Pupil_search_tells_similar_names_apart_only_when_typed_in_full()
    {
        var records = _bot.Get<SafeguardingRecords>();
        Assert.Equal(new[] { "P-0001", "P-0002" }, (await records.FindPupilsAsync("sam")).Select(p => p.Id).OrderBy(x => x));
        Assert.Equal(new[] { "P-0001" }, (await records.FindPupilsAsync("Sam Patel")).Select(p => p.Id));
        Assert.Equal(new[] { "P-0002" }, (await records.FindPupilsAsync("Patil")).Select(p => p.Id));
        Assert.Equal(new[] { "P-0002" }, (await records.FindPupilsAsync("P-0002")).Select(p => p.Id));
        Assert.Empty(await records.FindPupilsAsync("  "));
    }

    [Fact]
    public async Task Guardians_of_a_pupil_come_from_both_link_directions()
    {
        var records = _bot.Get<SafeguardingRecords>();
        _bot.Db.Guardians.Insert(new Guardian { Id = "dad@example.org", Name = "Dad", Email = "dad@example.org", PupilIds = { "P-0001" } });
        Assert.Equal(2, (await records.GuardiansOfAsync("P-0001")).Count);
    }
}
