using System.Globalization;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// How pupils are told apart in the 1:1 chat: "Sam Patel (15, Y11)" on a button, the rest (programme, school,
/// date of birth, guardians) in the line under it, and "(Growth, 12)" after a name the bot guessed.
/// </summary>
public static class PupilDescriptions
{
    /// <summary>Longest button label; a longer one uses the first name and last initial ("Samantha P. (15, Y11)").</summary>
    public const int MaxLabel = 28;

    /// <summary>The English school year ("Y8", "Reception") a child born on <paramref name="dateOfBirth"/> is in on <paramref name="on"/>.</summary>
    public static string SchoolYear(DateOnly dateOfBirth, DateOnly on) => PupilAge.SchoolYear(dateOfBirth, on);

    /// <summary>"Growth, 12" — the programmes and age, said after a guessed name.</summary>
    public static string Brief(Pupil p, DateOnly today) =>
        $"{string.Join(" & ", p.Programmes.Select(ShortProgramme))}{(p.Programmes.Count > 0 ? ", " : "")}{PupilAge.YearsOn(p.DateOfBirth, today)}";

    public static string ShortProgramme(Programme programme) => programme switch
    {
        Programme.Growth => "Growth",
        Programme.AfterschoolLeadership => "Afterschool Leadership",
        _ => programme.ToString(),
    };

    /// <summary>
    /// Buttons for pupils who could be meant, labelled by what tells them apart: the name with age and school year,
    /// then (only when that still leaves two alike) the month of birth, then the guardians' surname.
    /// </summary>
    public static List<Choice> Choices(IReadOnlyList<Pupil> pupils, DateOnly today, Func<string, IReadOnlyList<Guardian>> guardiansOf)
    {
        string AgeYear(Pupil p) => $"{PupilAge.YearsOn(p.DateOfBirth, today)}, {SchoolYear(p.DateOfBirth, today)}";
        string BirthMonth(Pupil p) => "b. " + p.DateOfBirth.ToString("MMM yyyy", CultureInfo.InvariantCulture);
        string Family(Pupil p) => guardiansOf(p.Id).Select(g => g.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()).FirstOrDefault(n => n is not null) is { } surname
            ? $"{surname} family" : p.Id;

        var features = new List<Func<Pupil, string>> { AgeYear };
        foreach (var extra in new Func<Pupil, string>[] { BirthMonth, Family })
        {
            if (pupils.Select(p => Label(p.FullName, features, p)).Distinct().Count() == pupils.Count) break;
            features.Add(extra);
        }
        return pupils.Select(p =>
        {
            var label = Label(p.FullName, features, p);
            if (label.Length > MaxLabel)
            {
                label = Label($"{p.FirstName} {(p.LastName.Length > 0 ? p.LastName[0] + "." : "")}".Trim(), features, p);
            }
            var guardians = guardiansOf(p.Id);
            var details = string.Join(" · ", new[]
            {
                string.Join(" & ", p.Programmes.Select(pr => pr.Display())),
                p.School,
                "born " + p.DateOfBirth.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
                guardians.Count == 0 ? "" : "guardian" + (guardians.Count == 1 ? "" : "s") + ": " + string.Join(", ", guardians.Select(g => g.Name)),
            }.Where(x => x.Length > 0));
            return new Choice(p.Id, label, p.FullName)
            {
                Details = details,
                Keywords = [p.FirstName, p.LastName, p.School, SchoolYear(p.DateOfBirth, today), "year " + SchoolYear(p.DateOfBirth, today).TrimStart('Y'),
                    PupilAge.YearsOn(p.DateOfBirth, today).ToString(CultureInfo.InvariantCulture), .. guardians.Select(g => g.Name),
                    .. p.Programmes.Select(ShortProgramme), p.DateOfBirth.ToString("MMMM", CultureInfo.InvariantCulture)],
            };
        }).ToList();
    }

    private static string Label(string name, List<Func<Pupil, string>> features, Pupil p) =>
        $"{name} ({string.Join(", ", features.Select(f => f(p)))})";
}
