using Chexs.Bot.Storage;

namespace Chexs.Bot.Records;

public interface IPupilRepository : IRepository<Pupil>
{
}

public interface IGuardianRepository : IRepository<Guardian>
{
    /// <summary>Guardians linked to the pupil (their PupilIds hold it).</summary>
    ValueTask<IReadOnlyList<Guardian>> OfPupilAsync(string pupilId, CancellationToken ct = default);

    /// <summary>Deletes guardians linked to no pupil any more (retention); returns how many.</summary>
    ValueTask<int> DeleteUnlinkedAsync(CancellationToken ct = default);
}

public interface IConsentRepository : IRepository<Consent>
{
    ValueTask<IReadOnlyList<Consent>> OfPupilAsync(string pupilId, CancellationToken ct = default);
}

public interface IStaffRepository : IRepository<StaffMember>
{
}

public interface ISessionRepository : IRepository<Session>
{
    /// <summary>Sessions whose start is within [<paramref name="from"/>, <paramref name="to"/>] (the Start index).</summary>
    ValueTask<IReadOnlyList<Session>> StartingBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);

    /// <summary>Sessions that start after <paramref name="instant"/> (the Start index).</summary>
    ValueTask<IReadOnlyList<Session>> StartingAfterAsync(DateTimeOffset instant, CancellationToken ct = default);

    /// <summary>Sessions that started before <paramref name="instant"/> (the Start index; retention).</summary>
    ValueTask<IReadOnlyList<Session>> StartingBeforeAsync(DateTimeOffset instant, CancellationToken ct = default);

    ValueTask<IReadOnlyList<Session>> HostedByAsync(string hostId, CancellationToken ct = default);

    ValueTask<IReadOnlyList<Session>> WithPupilAsync(string pupilId, CancellationToken ct = default);

    ValueTask<bool> AnyWithPupilAsync(string pupilId, CancellationToken ct = default);

    ValueTask<Session?> ByMeetingAsync(long meetingId, CancellationToken ct = default);

    /// <summary>Every session of a series (any status), in date order.</summary>
    ValueTask<IReadOnlyList<Session>> InSeriesAsync(string seriesId, CancellationToken ct = default);

    /// <summary>
    /// Writes only the checklist of a session, so a Zoom event or a reschedule stored in the same moment
    /// keeps its own changes. False when the session does not exist.
    /// </summary>
    ValueTask<bool> SaveChecklistAsync(string sessionId, HostChecklistRecord checklist, CancellationToken ct = default);
}

public interface IBookingSeriesRepository : IRepository<BookingSeries>
{
}
