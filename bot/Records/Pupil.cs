namespace Chexs.Bot.Records;

/// <summary>
/// A pupil on a CHEXS programme. Deliberately has no email, phone or any other contact field:
/// CHEXS never contacts a participant directly (P3), so there is nowhere to store one.
/// </summary>
public sealed class Pupil
{
    /// <summary>The charity's own pupil reference (e.g. "P-0001"), stable across imports.</summary>
    public string Id { get; set; } = "";
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public DateOnly DateOfBirth { get; set; }
    public List<Programme> Programmes { get; set; } = new();
    /// <summary>School or community group the pupil joins through.</summary>
    public string School { get; set; } = "";
    public List<string> GuardianIds { get; set; } = new();

    /// <summary>
    /// Set when the pupil was erased on a UK GDPR request (RightsRequests/PersonErasure): the record stays only as the
    /// anchor of what the law makes CHEXS keep (consent evidence, held sessions), without a name, birthday or school.
    /// </summary>
    public DateTimeOffset? ErasedAt { get; set; }

    public bool IsErased => ErasedAt is not null;

    public string FullName => IsErased ? ErasedName : $"{FirstName} {LastName}".Trim();

    /// <summary>What shows where an erased pupil's name or initials would.</summary>
    public const string ErasedName = "(erased)";

    /// <summary>Initials for channel posts (G6): "Sam Patel" → "S.P.".</summary>
    public string Initials => IsErased ? ErasedName :
        string.Concat(new[] { FirstName, LastName }
            .Where(n => !string.IsNullOrWhiteSpace(n))
            .Select(n => char.ToUpperInvariant(n.Trim()[0]) + "."));
}
