using Chexs.Bot.DataExchange;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;

namespace Chexs.Bot.Tests.Conversations;

/// <summary>"record consent" and "withdraw consent" in the 1:1 chat.</summary>
public sealed class ConsentTests : IDisposable
{
    private readonly ConversationHarness _h = new();
    private readonly Chat _alex;

    public ConsentTests() => _alex = _h.Personal(Person.Alex);

    public void Dispose() => _h.Dispose();

    private async Task<Session> BookAsync(string line)
    {
        var summary = await _alex.Say(line);
        await _alex.Click(summary.Card, summary.Card.ToString().Contains("Send for approval") ? "Send for approval" : "Confirm");
        return _h.Db.Sessions.FindById((string)CardJson.Action(summary.Card, "Change")["data"]!["draftId"]!);
    }

    [Fact]
    public async Task Recording_a_returned_form_asks_each_part_stores_it_through_the_import_rules_and_lets_the_pupil_be_booked()
    {
        Assert.Empty(_h.Db.Consents.Find(c => c.PupilId == "P-0011"));

        var pupil = await _alex.Say("record consent");
        Assert.StartsWith("Which pupil is the consent form for?", pupil.Text);

        // Mia Taylor has one recorded guardian, so there is nobody to choose between.
        // A first name alone is said back (it used to be taken silently), then the question.
        var kind = await _alex.Say("Mia");
        Assert.Equal("I took 'Mia' as Mia Taylor (Growth, 14).", kind.Texts[0]);
        Assert.Equal("Is it an annual consent (a whole school year) or for one session?", kind.Texts[^1]);
        Assert.Equal(["Annual (a school year)", "One session"], kind.ButtonTitles);

        var year = await _alex.Press(kind, "Annual (a school year)");
        Assert.Equal(["2026/27", "2027/28"], year.ButtonTitles);

        var covers = await _alex.Press(year, "2026/27");
        Assert.Equal(["Taking part, recording and group sessions", "Taking part and recording (not group sessions)", "Taking part and group sessions (not recording)", "Taking part only"], covers.ButtonTitles);

        var date = await _alex.Press(covers, "Taking part, recording and group sessions");
        Assert.Equal("What date is written on the form (when it was signed)?", date.Text);

        var future = await _alex.Say("tomorrow");
        Assert.StartsWith("Thursday 26 November 2026 hasn't happened yet.", future.Text);

        var evidence = await _alex.Say("yesterday");
        Assert.StartsWith("What's the form's reference", evidence.Text);

        var confirm = await _alex.Say("FORM-2026-011");
        Assert.Contains("Record this consent?", confirm.Text);
        Assert.Contains("- Pupil: Mia Taylor", confirm.Text);
        Assert.Contains("- Signed by: Kate Taylor (Mother)", confirm.Text);
        Assert.Contains("- Kind: annual, 2026/27", confirm.Text);
        Assert.Contains("- Dated: 24 Nov 2026", confirm.Text);
        Assert.Empty(_h.Db.Consents.Find(c => c.PupilId == "P-0011"));

        var recorded = await _alex.Press(confirm, "Record it");

        var consent = Assert.Single(_h.Db.Consents.Find(c => c.PupilId == "P-0011"));
        Assert.Equal((ConsentKind.Annual, 2026, ConsentScope.Participation | ConsentScope.Recording | ConsentScope.Group, new DateOnly(2026, 11, 24), "FORM-2026-011", Person.Alex.AadObjectId),
            (consent.Kind, consent.AcademicYearStart, consent.Covers, consent.GivenOn, consent.Evidence, consent.RecordedBy));
        Assert.Equal("kate.taylor@example.org", consent.GuardianId);
        Assert.Equal(ConsentImport.IdFor("P-0011", consent.GuardianId, ConsentKind.Annual, 2026, null, consent.GivenOn), consent.Id);
        Assert.Equal($"Recorded. Mia Taylor's consent is on record (reference {consent.Id}); bookings it covers can go ahead.", recorded.Text);
        Assert.Contains(_h.Db.Audit.FindAll(), a => a.Action == "import.consents" && a.Actor == Person.Alex.AadObjectId && a.Records.Contains(consent.Id) && a.Detail!.StartsWith("Teams: record consent"));

        var summary = await _alex.Say("book session growth with Mia Taylor tomorrow 4pm for 45 min");
        Assert.Equal("Check this booking", (string?)summary.Card["body"]![0]!["text"]);
    }

    [Fact]
    public async Task Only_the_pupils_own_guardians_are_offered_and_a_form_date_without_a_year_is_the_last_one()
    {
        await _alex.Say("record consent");
        var guardian = await _alex.Say("Sam Patel");
        Assert.Equal("Which parent/guardian signed the form?", guardian.Text);
        Assert.Equal(["Arjun Patel (Father)", "Priya Patel (Mother)"], guardian.ButtonTitles.Order());

        await _alex.Press(await _alex.Press(guardian, "Arjun Patel (Father)"), "Annual (a school year)");
        var covers = await _alex.Say("2026/27");
        await _alex.Press(covers, "Taking part and recording (not group sessions)");
        await _alex.Say("24/08");
        var confirm = await _alex.Say("FORM-2026-099");
        Assert.Contains("- Dated: 24 Aug 2026", confirm.Text);
        await _alex.Say("yes");

        var consent = Assert.Single(_h.Db.Consents.Find(c => c.PupilId == "P-0001" && c.GuardianId == "arjun.patel@example.org"));
        Assert.Equal(new DateOnly(2026, 8, 24), consent.GivenOn);
        Assert.Equal(ConsentScope.Participation | ConsentScope.Recording, consent.Covers);
    }

    [Fact]
    public async Task The_import_rules_refuse_a_changed_copy_of_a_form_already_on_record()
    {
        var before = _h.Db.Consents.Count();
        await _alex.Say("record consent");
        var guardian = await _alex.Say("Sam Patel");
        await _alex.Press(await _alex.Press(guardian, "Priya Patel (Mother)"), "Annual (a school year)");
        await _alex.Say("2026/27");
        await _alex.Say("2");   // "Taking part and recording (not group sessions)", by number
        await _alex.Say("24/08/2026");
        var refused = await _alex.Say("FORM-2026-001-COPY");

        Assert.StartsWith("I can't record this consent: consent C-", refused.Text);
        Assert.Contains("a changed form is a new consent with its own given_on date. Nothing was recorded.", refused.Text);
        Assert.Equal(before, _h.Db.Consents.Count());
    }

    [Fact]
    public async Task A_one_session_consent_is_for_one_of_the_pupils_upcoming_sessions()
    {
        await _alex.Say("record consent");
        var kind = await _alex.Say("Mia Taylor");
        var noSession = await _alex.Press(kind, "One session");
        Assert.StartsWith("This pupil has no upcoming session to attach a one-session consent to.", noSession.Text);
        await _alex.Say("cancel");

        var session = await BookAsync("book session growth with Sam Patel tomorrow 4pm for 45 min");
        await _alex.Say("record consent");
        // "Sam" fits Sam Patel and Sami Patil, so it is asked about (it used to be taken silently as Sam Patel).
        var pupil = await _alex.Say("Sam");
        var guardian = await _alex.Press(pupil, "Sam Patel (15, Y11)");
        var which = await _alex.Press(await _alex.Press(guardian, "Priya Patel (Mother)"), "One session");
        Assert.Equal("Which session is it for?", which.Text);
        var covers = await _alex.Press(which, Assert.Single(which.ButtonTitles));
        await _alex.Press(covers, "Taking part, recording and group sessions");
        await _alex.Say("today");
        await _alex.Say("FORM-S-1");
        await _alex.Say("yes");

        var consent = Assert.Single(_h.Db.Consents.Find(c => c.Kind == ConsentKind.Session));
        Assert.Equal((session.Id, "P-0001"), (consent.SessionId, consent.PupilId));
    }

    [Fact]
    public async Task Saying_no_at_the_end_records_nothing()
    {
        var before = _h.Db.Consents.Count();
        await _alex.Say("record consent");
        var kind = await _alex.Say("Mia");
        await _alex.Press(await _alex.Press(kind, "Annual (a school year)"), "2026/27");
        await _alex.Say("all");
        await _alex.Say("today");
        var confirm = await _alex.Say("FORM-X");
        var no = await _alex.Press(confirm, "Don't record");

        Assert.Equal("OK, nothing was recorded.", no.Text);
        Assert.Equal(before, _h.Db.Consents.Count());
    }

    [Fact]
    public async Task Withdrawing_a_consent_cancels_the_one_to_ones_it_covered_flags_groups_and_says_exactly_what_changed()
    {
        var oneToOne = await BookAsync("book session growth with Sam Patel tomorrow 4pm for 45 min");
        var group = await BookAsync("book session growth with Sam Patel and Sami Patil next Monday at 10 for 45 min");
        var samConsent = Assert.Single(_h.Db.Consents.Find(c => c.PupilId == "P-0001"));

        var which = await _alex.Say("withdraw consent");
        Assert.StartsWith("Whose consent is being withdrawn?", which.Text);
        var consent = await _alex.Say("Sam Patel");
        Assert.Equal("Which of Sam Patel's consents is being withdrawn?", consent.Text);
        Assert.Equal(["2026/27 annual, signed by Priya Patel on 24 Aug 2026 (FORM-2026-001)"], consent.ButtonTitles);
        var why = await _alex.Press(consent, consent.ButtonTitles[0]);
        Assert.StartsWith("Why was it withdrawn?", why.Text);
        var sure = await _alex.Say("Mother emailed to withdraw");
        Assert.StartsWith("Withdraw Sam Patel's 2026/27 annual consent now?", sure.Text);

        var done = await _alex.Press(sure, "Withdraw it");

        Assert.StartsWith("Withdrawn: Sam Patel's 2026/27 annual consent covers nothing from now on (P4).", done.Text);
        Assert.Contains($"- Cancelled {oneToOne.Id} (Thu 26 Nov 2026 16:00, one-to-one)", done.Text);
        Assert.Contains($"- Flagged {group.Id} (Mon 30 Nov 2026 10:00, group): its host must remove Sam Patel or cancel it.", done.Text);
        Assert.Contains("The hosts and the managers have been told.", done.Text);

        var stored = _h.Db.Consents.FindById(samConsent.Id);
        Assert.Equal(("Mother emailed to withdraw", Person.Alex.AadObjectId), (stored.Withdrawal!.Reason, stored.Withdrawal.By));
        Assert.Equal(SessionStatus.Cancelled, _h.Db.Sessions.FindById(oneToOne.Id).Status);
        Assert.NotNull(_h.Db.Sessions.FindById(group.Id).Flag);
        Assert.Single(_h.Db.MeetingRemovals.FindAll());
        Assert.Contains(_h.Db.Notices.FindAll(), n => n.Recipient == StaffNotice.Managers && n.Text!.Contains("S.P."));
    }

    [Fact]
    public async Task Withdrawing_when_there_is_nothing_to_withdraw_says_so()
    {
        await _alex.Say("withdraw consent");
        var none = await _alex.Say("Mia Taylor");
        Assert.Equal("Mia Taylor has no consent in force, so there's nothing to withdraw.", none.Text);
    }

    [Fact]
    public async Task Keeping_the_consent_changes_nothing()
    {
        await _alex.Say("withdraw consent");
        var consent = await _alex.Say("Sami");
        await _alex.Press(consent, consent.ButtonTitles[0]);
        var sure = await _alex.Say("changed her mind");
        var kept = await _alex.Press(sure, "Keep it");

        Assert.Equal("OK, the consent stays as it is. Nothing was changed.", kept.Text);
        Assert.DoesNotContain(_h.Db.Consents.FindAll(), c => c.PupilId == "P-0002" && c.IsWithdrawn);
    }
}
