namespace Chexs.Bot.Safeguarding;

/// <summary>
/// Age arithmetic in one place (P9 and anything else that needs a pupil's age on a date).
/// </summary>
public static class PupilAge
{
    /// <summary>Whole years completed on <paramref name="on"/>.</summary>
    public static int YearsOn(DateOnly dateOfBirth, DateOnly on)
    {
        var years = on.Year - dateOfBirth.Year;
        if (on < BirthdayIn(dateOfBirth, on.Year)) years--;
        return years;
    }

    /// <summary>True when the person has not yet reached <paramref name="years"/> on <paramref name="on"/>.</summary>
    public static bool IsUnder(int years, DateOnly dateOfBirth, DateOnly on) => YearsOn(dateOfBirth, on) < years;

    /// <summary>
    /// The birthday in a given year. A 29 February birthday falls on 1 March in common years
    /// (UK law: a person born on 29 February attains an age on 1 March in a non-leap year), which
    /// also keeps the under-14 safeguard one day longer rather than shorter.
    /// </summary>
    public static DateOnly BirthdayIn(DateOnly dateOfBirth, int year) =>
        dateOfBirth is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year)
            ? new DateOnly(year, 3, 1)
            : new DateOnly(year, dateOfBirth.Month, dateOfBirth.Day);

    /// <summary>The English school year ("Y8", "Reception") a child born on <paramref name="dateOfBirth"/> is in on <paramref name="on"/>.</summary>
    public static string SchoolYear(DateOnly dateOfBirth, DateOnly on)
    {
        // Children start Reception in the September after they turn four (the school year runs 1 September – 31 August).
        var receptionStarts = dateOfBirth.Month >= 9 ? dateOfBirth.Year + 5 : dateOfBirth.Year + 4;
        var academicYear = on.Month >= 9 ? on.Year : on.Year - 1;
        var year = academicYear - receptionStarts;
        return year switch
        {
            < 0 => "pre-school",
            0 => "Reception",
            <= 13 => $"Y{year}",
            _ => "left school",
        };
    }
}
