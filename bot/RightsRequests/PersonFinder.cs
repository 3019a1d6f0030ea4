using Chexs.Bot.Records;

namespace Chexs.Bot.RightsRequests;

public enum PersonKind
{
    Pupil,
    Guardian,
}

/// <summary>A person a rights request is about: a pupil (by the charity's reference) or a guardian (by their record id).</summary>
public sealed record PersonRef(PersonKind Kind, string Id, string Name)
{
    /// <summary>How the person is typed back in a command: the pupil id, or the guardian's e-mail address.</summary>
    public string Key => Id;

    public string Describe() => Kind == PersonKind.Pupil ? $"pupil {Name} ({Id})" : $"guardian {Name} ({Id})";
}

/// <summary>What a lookup found: exactly one person, several (the request must say which), or nobody.</summary>
public abstract record PersonLookup
{
    public sealed record Found(PersonRef Person) : PersonLookup;
    public sealed record Ambiguous(IReadOnlyList<PersonRef> Candidates) : PersonLookup;
    public sealed record NotFound(string Why) : PersonLookup;

    /// <summary>The sentence for a manager when this is not exactly one person; null when it is.</summary>
    public string? Problem(string verb) => this switch
    {
        Ambiguous a => $"More than one person matches, so I have not done anything. Say which one by reference, e.g. '{verb} person {a.Candidates[0].Key}':\n"
                       + string.Join("\n", a.Candidates.Select(c => $"- {c.Describe()}")),
        NotFound n => n.Why,
        _ => null,
    };
}

/// <summary>
/// Finds the person a rights request names: a pupil id ("P-0001"), a guardian's e-mail address, or a full name
/// (pupils and guardians). Names must match every typed word; a name that fits several people is never guessed.
/// </summary>
public sealed class PersonFinder(IPupilRepository pupils, IGuardianRepository guardians)
{
    public async Task<PersonLookup> FindAsync(string? typed, CancellationToken ct = default)
    {
        var text = string.Join(' ', (typed ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Trim('"', '\'');
        if (text.Length == 0)
            return new PersonLookup.NotFound("Name the person: a pupil reference (e.g. P-0001), a pupil's or guardian's full name, or a guardian's e-mail address.");
        var byId = await pupils.FindAsync(text, ct) ?? await pupils.FindAsync(text.ToUpperInvariant(), ct);
        if (byId is not null)
        {
            return byId.IsErased
                ? new PersonLookup.NotFound($"Pupil {byId.Id} was already erased on {byId.ErasedAt:d MMM yyyy}; only what the law makes CHEXS keep is left, with no name.")
                : new PersonLookup.Found(Of(byId));
        }
        if (text.Contains('@'))
        {
            return await guardians.FindAsync(Guardian.IdFor(text), ct) is { } g
                ? new PersonLookup.Found(Of(g))
                : new PersonLookup.NotFound($"No guardian has the e-mail address {text} (it may have been erased or removed by retention already).");
        }
        var words = text.Split(' ');
        bool Fits(string name) => name.Length > 0 && words.All(w => name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(n => n.Equals(w, StringComparison.OrdinalIgnoreCase)));
        var found = (await pupils.AllAsync(ct)).Where(p => !p.IsErased && Fits(p.FullName)).Select(Of)
            .Concat((await guardians.AllAsync(ct)).Where(g => Fits(g.Name)).Select(Of))
            .OrderBy(p => p.Kind).ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
        return found.Count switch
        {
            0 => new PersonLookup.NotFound($"Nobody on record is called \"{text}\". Try the pupil reference (e.g. P-0001), the full name as on the record, or the guardian's e-mail address."),
            1 => new PersonLookup.Found(found[0]),
            _ => new PersonLookup.Ambiguous(found),
        };
    }

    private static PersonRef Of(Pupil p) => new(PersonKind.Pupil, p.Id, p.FullName);

    private static PersonRef Of(Guardian g) => new(PersonKind.Guardian, g.Id, string.IsNullOrWhiteSpace(g.Name) ? g.Id : g.Name);
}
