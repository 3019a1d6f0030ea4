using System.Text.Json;
using Chexs.Bot.Concerns;
using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Retention;
using Chexs.Bot.RightsRequests;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Storage;
using Chexs.Bot.Tests.StorageEngines;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Tests.RightsRequests;

/// <summary>
/// Export and erasure of a person with a consent and sessions behind them, on both storage engines: everything held
/// is exported (other pupils by initials, no join details); a dry run changes nothing; an erasure keeps what the law
/// makes CHEXS keep, says why, lists the Zoom recordings, and leaves the rest of the system working.
/// </summary>
public sealed class PersonRightsTests
{
    private static async Task<PersonRef> Find(RightsWorld w, string who) =>
        Assert.IsType<PersonLookup.Found>(await w.Finder.FindAsync(who)).Person;

    /// <summary>Every record of every kind the erasure touches, as JSON, to prove a dry run wrote nothing.</summary>
    private static async Task<string> Snapshot(RightsWorld w) => JsonSerializer.Serialize(new object[]
    {
        await w.Get<IPupilRepository>().AllAsync(), await w.Get<IGuardianRepository>().AllAsync(), await w.Get<IConsentRepository>().AllAsync(),
        await w.Get<ISessionRepository>().AllAsync(), await w.Get<IGuardianEmailOutbox>().AllAsync(), await w.Get<IStaffNoticeOutbox>().AllAsync(),
        await w.Get<IAuditTrail>().AllAsync(),
    });

    private static async Task CancelComingSession(RightsWorld w)
    {
        var s = (await w.Get<ISessionRepository>().FindAsync("S-DDDD4"))!;
        s.Cancel("cancelled before the erasure");
        await w.Get<ISessionRepository>().UpdateAsync(s);
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task A_pupils_export_has_everything_held_with_other_pupils_as_initials_and_no_join_details(StorageEngine engine)
    {
        await using var w = await RightsWorld.StartAsync(engine);

        var files = (await w.Export.ExportAsync(await Find(w, "sam patel"), RightsWorld.Morgan))!;

        foreach (var expected in new[] { "Sam", "Patel", "2013-05-01", "Hillside School", "Priya Patel", "Mother", "C-0001", "FORM-0001", "C-0000", "S-AAAA1", "S-BBBB2", "S-DDDD4", "L.E.", "session.booked", "guardian-email.sent", "1001" })
            Assert.Contains(expected, files.Markdown);
        foreach (var absent in new[] { "Lily", "Evans", "Ava", "pass-1001", "zoom.example", "secret", RightsWorld.Priya, "07700" })
        {
            Assert.DoesNotContain(absent, files.Markdown);
            Assert.DoesNotContain(absent, files.Json);
        }
        using var json = JsonDocument.Parse(files.Json);
        Assert.Equal(3, json.RootElement.GetProperty("sessions").GetArrayLength());
        Assert.Equal(2, json.RootElement.GetProperty("consents").GetArrayLength());
        var line = Assert.Single(await w.Get<IAuditTrail>().AllAsync(), a => a.Action == "person.exported");
        Assert.Equal(["P-0001"], line.Records);
        Assert.Equal(RightsWorld.Morgan, line.Actor);
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task A_guardians_export_has_their_contact_details_children_consents_and_e_mails(StorageEngine engine)
    {
        await using var w = await RightsWorld.StartAsync(engine);

        var files = (await w.Export.ExportAsync(await Find(w, RightsWorld.Priya.ToUpperInvariant()), RightsWorld.Morgan))!;

        foreach (var expected in new[] { "Priya Patel", RightsWorld.Priya, "07700 900001", "Sam Patel", "FORM-0001", "S-AAAA1", "S-BBBB2", "guardian-email.sent" })
            Assert.Contains(expected, files.Markdown);
        Assert.DoesNotContain("Lily", files.Markdown);
        Assert.DoesNotContain("pass-100", files.Markdown);
    }

    [Theory, OnLiteDb]
    public async Task A_name_that_fits_two_people_or_nobody_gets_a_clear_answer(StorageEngine engine)
    {
        await using var w = await RightsWorld.StartAsync(engine);

        var both = Assert.IsType<PersonLookup.Ambiguous>(await w.Finder.FindAsync("Patel"));
        Assert.Equal(["P-0001", RightsWorld.Priya], both.Candidates.Select(c => c.Id));
        Assert.Contains("More than one person matches", both.Problem("export"));
        Assert.Contains("Nobody on record is called \"Zed Zulu\"", (await w.Finder.FindAsync("Zed Zulu")).Problem("export"));
        Assert.Contains("No guardian has the e-mail address", (await w.Finder.FindAsync("nobody@example.org")).Problem("erase"));
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task A_dry_run_changes_nothing_and_a_session_still_to_come_blocks_the_erasure_with_the_fix(StorageEngine engine)
    {
        await using var w = await RightsWorld.StartAsync(engine);
        var before = await Snapshot(w);
        var sam = await Find(w, "P-0001");

        var plan = (await w.Erasure.PlanAsync(sam))!;

        Assert.False(plan.CanErase);
        Assert.Contains("Session S-DDDD4", Assert.Single(plan.Blockers));
        Assert.Contains("'cancel S-DDDD4'", plan.Blockers[0]);
        Assert.IsType<ErasureOutcome.Blocked>(await w.Erasure.EraseAsync(sam, plan.Code, RightsWorld.Morgan));

        await CancelComingSession(w);
        var snapshot = await Snapshot(w);
        var ready = (await w.Erasure.PlanAsync(sam))!;
        Assert.True(ready.CanErase);
        Assert.Equal(snapshot, await Snapshot(w));
        Assert.NotEqual(before, snapshot); // (the cancellation itself changed the session)
        Assert.Contains("Dry run: nothing has been changed yet", ready.Describe(w.Calendar, done: false));
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task Erasing_a_pupil_keeps_consent_evidence_and_held_sessions_and_removes_the_rest(StorageEngine engine)
    {
        await using var w = await RightsWorld.StartAsync(engine);
        w.Concerns.PerPerson["P-0001"] = [new KeptConcern("CON-1", RightsWorld.Now.AddDays(-10), new DateOnly(2038, 5, 1))];
        await CancelComingSession(w);
        var sam = await Find(w, "Sam Patel");
        var plan = (await w.Erasure.PlanAsync(sam))!;

        var erased = Assert.IsType<ErasureOutcome.Erased>(await w.Erasure.EraseAsync(sam, plan.Code.ToLowerInvariant(), RightsWorld.Morgan));

        var pupil = (await w.Get<IPupilRepository>().FindAsync("P-0001"))!;
        Assert.True(pupil.IsErased);
        Assert.Equal(("", "", "", default(DateOnly)), (pupil.FirstName, pupil.LastName, pupil.School, pupil.DateOfBirth));
        Assert.Empty(pupil.GuardianIds);
        var kept = (await w.Get<IConsentRepository>().FindAsync("C-0001"))!;
        Assert.Equal(("FORM-0001", new DateOnly(2026, 9, 5), PersonErasure.ErasedGuardian), (kept.Evidence, kept.GivenOn, kept.GuardianId));
        Assert.True(kept.IsWithdrawn); // evidence only: it can never cover another session
        Assert.Null(await w.Get<IConsentRepository>().FindAsync("C-0000")); // no session took place under it
        var held = (await w.Get<ISessionRepository>().FindAsync("S-AAAA1"))!;
        Assert.Equal(["P-0001"], held.PupilIds);
        Assert.Null(held.ConfirmationCardJson);
        Assert.DoesNotContain("S.P.", (await w.Get<ISessionRepository>().FindAsync("S-BBBB2"))!.Verdict!.Findings[0].Message);
        Assert.DoesNotContain("P-0001", (await w.Get<ISessionRepository>().FindAsync("S-DDDD4"))!.PupilIds); // never held
        Assert.Empty((await w.Get<IGuardianRepository>().FindAsync(RightsWorld.Priya))!.PupilIds);
        Assert.All((await w.Get<IGuardianEmailOutbox>().AllAsync()).Where(e => e.PupilId == "P-0001"), e => Assert.Equal(("", ""), (e.PupilInitials, e.Subject)));
        Assert.Null(await w.Get<IStaffNoticeOutbox>().FindAsync("N-1"));

        Assert.Contains(erased.Plan.Kept, k => k.What.StartsWith("safeguarding concern CON-1") && k.Why.Contains("2038-05-01"));
        Assert.Contains(erased.Plan.Kept, k => k.What.StartsWith("consent C-0001") && k.Why.Contains("P4"));
        Assert.Contains(erased.Plan.Kept, k => k.What.Contains("audit trail line"));
        Assert.Equal([1001L, 1002L], erased.Plan.Recordings.Select(r => r.MeetingId));
        Assert.Contains("meeting 1001, session S-AAAA1, Tue 10 Nov 2026 16:00", erased.Plan.Describe(w.Calendar, done: true));

        var line = Assert.Single(await w.Get<IAuditTrail>().AllAsync(), a => a.Action == "person.erased");
        Assert.Equal(["P-0001"], line.Records);
        foreach (var personal in new[] { "Sam", "Patel", "S.P.", "Priya" }) Assert.DoesNotContain(personal, line.Detail);

        // The rest of the system keeps working: finding, exports, retention, the inspection pack.
        Assert.Contains("already erased", (await w.Finder.FindAsync("P-0001")).Problem("export"));
        Assert.IsType<PersonLookup.NotFound>(await w.Finder.FindAsync("Sam Patel"));
        Assert.Contains("(erased) (P-0001)", await w.Pack.BuildAsync(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)));
        var lily = (await w.Export.ExportAsync(await Find(w, "Lily Evans"), RightsWorld.Morgan))!;
        Assert.Contains("(erased)", lily.Markdown);
        await new RetentionJob(w.Get<ISessionRepository>(), w.Get<IConsentRepository>(), w.Get<IPupilRepository>(), w.Get<IGuardianRepository>(),
            w.Store.Transactions, w.Get<IAuditTrail>(), Options.Create(new SafeguardingOptions()), w.Clock).RunAsync();
        Assert.NotNull(await w.Get<IPupilRepository>().FindAsync("P-0001")); // still anchors the kept consent and sessions
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task A_confirmation_that_no_longer_matches_the_data_erases_nothing(StorageEngine engine)
    {
        await using var w = await RightsWorld.StartAsync(engine);
        await CancelComingSession(w);
        var sam = await Find(w, "P-0001");
        var plan = (await w.Erasure.PlanAsync(sam))!;
        await w.Get<IAuditTrail>().AppendAsync(RightsWorld.Now, RightsWorld.Alex, "consent.recorded", ["P-0001"], "a new line about the pupil");
        var before = await Snapshot(w);

        var outcome = Assert.IsType<ErasureOutcome.Changed>(await w.Erasure.EraseAsync(sam, plan.Code, RightsWorld.Morgan));

        Assert.NotEqual(plan.Code, outcome.Now.Code);
        Assert.Equal(before, await Snapshot(w));
    }

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task Erasing_a_guardian_removes_their_contact_details_everywhere_and_keeps_the_consents_they_gave(StorageEngine engine)
    {
        await using var w = await RightsWorld.StartAsync(engine);
        var priya = await Find(w, RightsWorld.Priya);
        Assert.Contains("only guardian", Assert.Single((await w.Erasure.PlanAsync(priya))!.Blockers));
        await CancelComingSession(w);
        var plan = (await w.Erasure.PlanAsync(priya))!;

        Assert.IsType<ErasureOutcome.Erased>(await w.Erasure.EraseAsync(priya, plan.Code, RightsWorld.Morgan));

        Assert.Null(await w.Get<IGuardianRepository>().FindAsync(RightsWorld.Priya));
        Assert.Empty((await w.Get<IPupilRepository>().FindAsync("P-0001"))!.GuardianIds);
        Assert.All(await w.Get<IConsentRepository>().OfPupilAsync("P-0001"), c => Assert.Equal(PersonErasure.ErasedGuardian, c.GuardianId));
        var rows = (await w.Get<IGuardianEmailOutbox>().AllAsync()).Where(e => e.PupilId == "P-0001").ToList();
        Assert.All(rows, e => Assert.Equal(("", "", PersonErasure.ErasedGuardian), (e.ToAddress, e.ToName, e.GuardianId)));
        var line = Assert.Single(await w.Get<IAuditTrail>().AllAsync(), a => a.Action == "person.erased");
        Assert.DoesNotContain(line.Records, r => r.Contains('@'));
        Assert.DoesNotContain("priya", line.Detail!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Sam Patel", (await w.Get<IPupilRepository>().FindAsync("P-0001"))!.FullName); // the child is another person
    }

    [Theory, OnLiteDb]
    public async Task An_erasure_that_fails_half_way_changes_nothing(StorageEngine engine)
    {
        await using var w = await RightsWorld.StartAsync(engine);
        await CancelComingSession(w);
        var sam = await Find(w, "P-0001");
        var plan = (await w.Erasure.PlanAsync(sam))!;
        var before = await Snapshot(w);
        // The guardian unlink comes after the consents and sessions are written: make it fail.
        var failing = new PersonErasure(w.Reader, w.Get<IPupilRepository>(), new FailingGuardians(w.Get<IGuardianRepository>()), w.Get<IConsentRepository>(),
            w.Get<ISessionRepository>(), w.Get<IGuardianEmailOutbox>(), w.Get<IStaffNoticeOutbox>(), new NoConcerns(), w.Store.Transactions, w.Get<IAuditTrail>(), w.Calendar, w.Clock);

        await Assert.ThrowsAsync<IOException>(() => failing.EraseAsync(sam, plan.Code, RightsWorld.Morgan));

        Assert.Equal(before, await Snapshot(w));
    }

    private sealed class FailingGuardians(IGuardianRepository inner) : IGuardianRepository
    {
        public ValueTask<Guardian?> FindAsync(string id, CancellationToken ct = default) => inner.FindAsync(id, ct);
        public ValueTask InsertAsync(Guardian item, CancellationToken ct = default) => inner.InsertAsync(item, ct);
        public ValueTask<bool> UpdateAsync(Guardian item, CancellationToken ct = default) => throw new IOException("disk full");
        public ValueTask UpsertAsync(Guardian item, CancellationToken ct = default) => inner.UpsertAsync(item, ct);
        public ValueTask InsertManyAsync(IEnumerable<Guardian> items, CancellationToken ct = default) => inner.InsertManyAsync(items, ct);
        public ValueTask UpsertManyAsync(IEnumerable<Guardian> items, CancellationToken ct = default) => inner.UpsertManyAsync(items, ct);
        public ValueTask<bool> DeleteAsync(string id, CancellationToken ct = default) => inner.DeleteAsync(id, ct);
        public ValueTask<IReadOnlyList<Guardian>> AllAsync(CancellationToken ct = default) => inner.AllAsync(ct);
        public ValueTask<int> CountAsync(CancellationToken ct = default) => inner.CountAsync(ct);
        public ValueTask<IReadOnlyList<Guardian>> OfPupilAsync(string pupilId, CancellationToken ct = default) => inner.OfPupilAsync(pupilId, ct);
        public ValueTask<int> DeleteUnlinkedAsync(CancellationToken ct = default) => inner.DeleteUnlinkedAsync(ct);
    }
}
