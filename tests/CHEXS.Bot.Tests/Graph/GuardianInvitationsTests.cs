using Chexs.Bot.Invitations;
using Chexs.Bot.Records;

namespace Chexs.Bot.Tests.Graph;

public sealed class GuardianInvitationsTests : IDisposable
{
    private readonly GraphTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private GuardianInvitations Invitations() => new(_kit.Db.GuardianEmailOutbox, _kit.Db.PupilRepository, _kit.Db.GuardianRepository, _kit.Db.Transactions, new InvitationComposer(_kit.SafeguardingSettings), _kit.Clock);

    [Fact]
    public async Task Emails_are_queued_for_guardians_linked_both_ways_and_nobody_else_even_with_bad_data()
    {
        // Bad data: an address in the pupil's name, a guardian who claims the pupil but is not on the
        // pupil's record, a guardian on the record whose own record does not list the pupil, a list in an
        // email field, and a guardian id with no record at all.
        var (pupil, mum, dad) = _kit.SeedFamily(first: "Sam <sam.pupil@example.org>");
        var claimant = new Guardian { Id = "claimant@example.org", Name = "Claimant", Email = "claimant@example.org", PupilIds = [pupil.Id] };
        var unlinked = new Guardian { Id = "aunt@example.org", Name = "Aunt", Email = "aunt@example.org", PupilIds = [] };
        var listy = new Guardian { Id = "gran@example.org", Name = "Gran", Email = "gran@example.org, sam.pupil@example.org", PupilIds = [pupil.Id] };
        _kit.Db.Guardians.Insert(claimant);
        _kit.Db.Guardians.Insert(unlinked);
        _kit.Db.Guardians.Insert(listy);
        pupil.GuardianIds.AddRange([unlinked.Id, listy.Id, "ghost@example.org"]);
        _kit.Db.Pupils.Update(pupil);
        var session = _kit.SeedSession(pupil.Id);

        var batch = await Invitations().EnqueueAsync(session, InvitationKind.Invitation);

        var rows = _kit.Db.GuardianEmails.FindAll().ToList();
        Assert.Equal(new[] { mum.Email, dad.Email }.Order(), rows.Select(r => r.ToAddress).Order());
        Assert.Equal(2, batch.Queued.Count);
        Assert.True(batch.EveryPupilCovered);
        Assert.All(rows, r => Assert.DoesNotContain("sam.pupil@example.org", r.ToAddress + r.ToName));
        Assert.Equal(new[] { "aunt@example.org", "claimant@example.org", "ghost@example.org", "gran@example.org" }, batch.Skipped.Select(s => s.GuardianId).Order());
        Assert.Contains(batch.Skipped, s => s.GuardianId == "gran@example.org" && s.Reason.Contains("not a single valid address"));
        Assert.Contains(batch.Skipped, s => s.GuardianId == "claimant@example.org" && s.Reason.Contains("pupil's record does not list"));
        Assert.Contains(batch.Skipped, s => s.GuardianId == "aunt@example.org" && s.Reason.Contains("not linked to this pupil"));
    }

    [Fact]
    public async Task A_pupil_with_no_usable_guardian_is_reported()
    {
        var (pupil, mum, dad) = _kit.SeedFamily();
        mum.Email = "not an address";
        dad.PupilIds.Clear();
        _kit.Db.Guardians.Update(mum);
        _kit.Db.Guardians.Update(dad);

        var batch = await Invitations().EnqueueAsync(_kit.SeedSession(pupil.Id), InvitationKind.Invitation);

        Assert.Empty(batch.Queued);
        Assert.Equal([pupil.Id], batch.PupilsWithoutGuardianEmail);
        Assert.False(batch.EveryPupilCovered);
    }

    [Fact]
    public async Task Queuing_inside_the_booking_transaction_rolls_back_with_it()
    {
        var (pupil, _, _) = _kit.SeedFamily();
        var session = _kit.SeedSession(pupil.Id);
        var invitations = Invitations();

        await Assert.ThrowsAsync<InvalidOperationException>(() => _kit.Db.Transactions.RunAsync(async () =>
        {
            await invitations.EnqueueAsync(session, InvitationKind.Invitation);
            throw new InvalidOperationException("booking failed after queuing");
        }));
        Assert.Equal(0, _kit.Db.GuardianEmails.Count());

        await invitations.EnqueueAsync(session, InvitationKind.Invitation);
        Assert.Equal(2, _kit.Db.GuardianEmails.Count());
    }

    [Fact]
    public async Task An_invitation_is_queued_once_per_guardian_however_often_it_is_asked_for()
    {
        var (pupil, _, _) = _kit.SeedFamily();
        var session = _kit.SeedSession(pupil.Id);
        var invitations = Invitations();

        await invitations.EnqueueAsync(session, InvitationKind.Invitation);
        foreach (var row in _kit.Db.GuardianEmails.FindAll()) { row.Status = OutboxStatus.Sent; _kit.Db.GuardianEmails.Update(row); }
        var again = await invitations.EnqueueAsync(session, InvitationKind.Invitation);

        Assert.Empty(again.Queued);
        Assert.Equal(2, _kit.Db.GuardianEmails.Count());
    }

    [Fact]
    public async Task A_change_before_anything_was_sent_replaces_the_waiting_email_instead_of_adding_one()
    {
        var (pupil, mum, _) = _kit.SeedFamily();
        var before = _kit.SeedSession(pupil.Id);
        var invitations = Invitations();
        await invitations.EnqueueAsync(before, InvitationKind.Invitation);

        var after = _kit.SeedSession(pupil.Id);
        after.Start = before.Start.AddDays(7);
        var moved = await invitations.EnqueueAsync(after, InvitationKind.Rescheduled, before);

        // Guardians never saw the first invitation, so they get one invitation, with the new time.
        Assert.All(moved.Queued, r => Assert.Equal(InvitationKind.Invitation, r.Kind));
        var live = _kit.Db.GuardianEmails.Find(r => r.Status == OutboxStatus.Pending).ToList();
        Assert.Equal(2, live.Count);
        Assert.All(live, r => Assert.Contains("Thursday 10 December 2026", r.TextBody));
        Assert.All(_kit.Db.GuardianEmails.Find(r => r.Status == OutboxStatus.Superseded), r => Assert.True(string.IsNullOrEmpty(r.TextBody)));

        // Cancelled before anything went: nothing to tell them.
        after.Cancel("cancelled for the test");
        var cancelled = await invitations.EnqueueAsync(after, InvitationKind.Cancelled);
        Assert.Empty(cancelled.Queued);
        Assert.Equal(0, _kit.Db.GuardianEmails.Count(r => r.Status == OutboxStatus.Pending));
        Assert.Equal(mum.Email, _kit.Db.GuardianEmails.FindAll().First().ToAddress);
    }

    [Fact]
    public async Task After_the_invitation_went_a_reschedule_and_a_cancellation_are_follow_ups()
    {
        var (pupil, _, _) = _kit.SeedFamily();
        var session = _kit.SeedSession(pupil.Id);
        var invitations = Invitations();
        await invitations.EnqueueAsync(session, InvitationKind.Invitation);
        foreach (var row in _kit.Db.GuardianEmails.FindAll()) { row.Status = OutboxStatus.Sent; _kit.Db.GuardianEmails.Update(row); }

        Assert.All((await invitations.EnqueueAsync(session, InvitationKind.Rescheduled, session)).Queued, r => Assert.Equal(InvitationKind.Rescheduled, r.Kind));
        Assert.All((await invitations.EnqueueAsync(session, InvitationKind.Cancelled)).Queued, r => Assert.Equal(InvitationKind.Cancelled, r.Kind));
        // The unsent reschedule was replaced by the cancellation.
        Assert.Equal(2, _kit.Db.GuardianEmails.Count(r => r.Status == OutboxStatus.Pending && r.Kind == InvitationKind.Cancelled));
        Assert.Equal(2, _kit.Db.GuardianEmails.Count(r => r.Status == OutboxStatus.Superseded && r.Kind == InvitationKind.Rescheduled));
    }
}
