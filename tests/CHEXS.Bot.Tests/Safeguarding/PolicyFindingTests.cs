using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using static Chexs.Bot.Tests.Safeguarding.PolicyScenario;

namespace Chexs.Bot.Tests.Safeguarding;

/// <summary>A finding carries its problem and its fix apart, and names its pupil only when shown, per audience.</summary>
public class PolicyFindingTests
{
    [Fact]
    public void A_finding_has_its_problem_and_fix_apart_without_its_rule_id()
    {
        var s = new PolicyScenario();
        s.Consents.Clear();
        s.AddAnnual("P-1", 2025, new DateOnly(2025, 9, 5));
        var f = Assert.Single(s.Judge(s.OneToOne(Local(2026, 12, 3, 16))).Findings, f => f.RuleId == "P4");
        Assert.Equal("no consent covers Sam Patel on Thu 3 Dec 2026 — the 2025/26 annual consent ended on 31 Aug 2026.", f.ProblemFor(Audience.Personal));
        Assert.Equal("Record a new consent with `record consent` once the form is back.", f.FixFor(Audience.Personal));
    }

    [Fact]
    public void Outside_the_personal_chat_the_pupil_is_named_by_initials()
    {
        var s = new PolicyScenario();
        s.Sessions.Add(new Session
        {
            Id = "S-7K3Q9", HostId = Casey, PupilIds = ["P-1"], Start = Local(2026, 12, 3, 10), DurationMinutes = 60,
            Kind = SessionKind.OneToOne, Status = SessionStatus.Scheduled,
        });
        var f = Assert.Single(s.Judge(s.OneToOne(Local(2026, 12, 3, 10, 30))).Findings, f => f.RuleId == "D1");
        Assert.StartsWith("S.P. is already booked in session S-7K3Q9 ", f.ProblemFor(Audience.Shared));
        Assert.EndsWith(", which overlaps this one.", f.ProblemFor(Audience.Shared));
        Assert.StartsWith("Sam Patel is already booked", f.ProblemFor(Audience.Personal));
        Assert.Equal("Choose another time.", f.FixFor(Audience.Shared));
        Assert.Equal("P-1", f.PupilId);
    }

    [Fact]
    public void Every_finding_says_what_would_fix_it_and_leaves_no_placeholder()
    {
        var s = new PolicyScenario();
        s.Guardians.Single().Email = "";
        s.Consents.Clear();
        s.Options.RequireCoHostForGroups = true;
        var verdicts = new[]
        {
            s.Judge(s.OneToOne(Local(2026, 12, 3, 16), 90, "P-1", "P-404") with { Programme = (Programme)42, HostId = "stranger" }),
            s.Judge(s.Group(Local(2026, 11, 2, 10), "P-1") with { CoHostId = Alex }),
            s.Judge(s.OneToOne(Local(2026, 11, 1, 10), 0)),
        };
        var findings = verdicts.SelectMany(v => v.Findings).ToList();
        Assert.True(findings.Select(f => f.RuleId).Distinct().Count() >= 8);
        Assert.All(findings, f =>
        {
            foreach (var audience in new[] { Audience.Personal, Audience.Shared })
            {
                Assert.False(string.IsNullOrWhiteSpace(f.FixFor(audience)));
                Assert.DoesNotContain(PolicyFinding.PupilName, f.TextFor(audience));
                Assert.False(f.ProblemFor(audience).StartsWith(f.RuleId + ":"), f.Message);
                Assert.EndsWith(".", f.ProblemFor(audience));
            }
        });
    }
}
