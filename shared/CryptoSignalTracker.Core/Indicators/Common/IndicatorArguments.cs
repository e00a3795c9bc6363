namespace CryptoSignalTracker.Core.Indicators;

/// <summary>Argument checks shared by every indicator, with messages that say what was wrong.</summary>
internal static class IndicatorArguments
{
    /// <summary>Throws unless <paramref name="value"/> is at least <paramref name="minimum"/>.</summary>
    public static void AtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimum}");
        }
    }

    /// <summary>Throws unless the output span can hold one value per input.</summary>
    public static void OutputFits(int inputLength, int outputLength, string outputName)
    {
        if (outputLength < inputLength)
        {
            throw new ArgumentException(
                $"{outputName} has {outputLength} elements but the input has {inputLength}; it must be at least as long",
                outputName);
        }
    }
}
