/**
 * English function words that carry no topic: ignored when comparing answers, and counted to
 * tell sentences from bare keyword lists (prose is roughly 40–55 % function words).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing done down during each either else etc even ever every few for from further get gets getting got had has have ' +
    'having he her here hers herself him himself his how however i if in into is it its itself just let lets like made make makes many ' +
    'may me might more most much must my myself no nor not now of off often on once one only or other others our ours ourselves out ' +
    'over own per quite rather really same say says she should since so some such than that the their theirs them themselves then there ' +
    'these they thing things this those though through thus to too under until up upon us use used uses using very via was way we well were ' +
    'what when where whether which while who whom whose why will with within without would yes yet you your yours yourself yourselves ' +
    "isn't aren't wasn't weren't don't doesn't didn't can't cannot won't i'm it's that's there's we're they're you're i've we've"
  ).split(' '),
);
