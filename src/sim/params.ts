// Parameters of the synthetic market model (annualised units, daily steps of 1/252 year). The values were
// fitted to the real 1990-2026 history on paths from seed 1001, away from the seeds `alvh sim check` shows
// (docs/simulation.md: the procedure, the fit and its gaps).

export interface SimParams {
  /** Long-run level of the variance of daily returns from diffusion (before jumps). */
  theta: number;
  /**
   * Fast factor: the speed at which variance reverts to the slow level, its lognormal vol of vol, and the
   * correlation of its shocks with returns (the leverage effect).
   */
  kappaFast: number;
  xiFast: number;
  rhoFast: number;
  /** Slow factor: the speed at which the level reverts to theta, its lognormal vol of vol, its correlation with returns. */
  kappaSlow: number;
  xiSlow: number;
  rhoSlow: number;
  /**
   * Ceiling of the slow level. Lognormal levels have a long right tail: without it about one 20-year path in
   * 200 drifts to variance levels no market has had (a yearly vol above 100%); the highest yearly realised
   * vol on record is about 60% (1932).
   */
  levelMax: number;
  /** Return jumps: yearly intensity jumpIntensityBase + jumpIntensityPerVariance x variance; mean and sd of the log jump. */
  jumpIntensityBase: number;
  jumpIntensityPerVariance: number;
  jumpMean: number;
  jumpSd: number;
  /** Mean variance jump (exponential) that accompanies each return jump, compensated in the drift of variance. */
  varianceJumpMean: number;
  /**
   * Overreaction: each diffusive shock first moves the index by (1 + overreaction) of its lasting size, and
   * the excess decays at this daily persistence. This gives the negative autocorrelation of daily returns and
   * the 21-day variance ratio below 1 of the real index; the daily variance stays the model's variance.
   */
  overreaction: number;
  overreactionPersistence: number;
  /**
   * Within-day leverage: the day's diffusive shock is z + dailySkew (z^2 - 1) (rescaled to unit variance), as
   * when variance rises during a falling day. Negative: down days are larger, up days more frequent.
   */
  dailySkew: number;
  /** Expected total return of SPX per year (real-world drift, before dividends are removed). */
  drift: number;
  dividendYield: number;
  /**
   * Pricing measure: the long-run level the slow factor is expected to revert to, and the speeds at which
   * both factors are expected to revert (slower than they do: the market prices spikes as more lasting).
   */
  thetaQ: number;
  kappaFastQ: number;
  kappaSlowQ: number;
  /**
   * Extra yearly jump intensity the pricing measure expects (the price of crash insurance, which does not
   * scale with today's variance): it lifts implied variance by the same amount at every horizon.
   */
  jumpIntensityQ: number;
  /** Implied over expected variance (the variance risk premium) in VIX and its family, on average. */
  varianceRiskPremium: number;
  /**
   * The premium's term structure: implied variance over a horizon tau carries the premium times
   * (tau / 30 days)^premiumTermPower. Longer variance carries more premium per unit (the upward-sloping term
   * structure of variance risk premia), which steepens VIX3M and VIX6M over VIX. VIX and every VIX future (the
   * forward of a 30-day VIX) keep the 30-day premium.
   */
  premiumTermPower: number;
  /**
   * Fear: the premium rises on down days and fades. Each day adds fearResponse x max(0, -z - fearThreshold) (z the
   * day's return shock) and the sum decays at fearKappa a year; the premium is scaled by (1 + fear) over its
   * mean. It moves VIX and every future without moving realised variance, and spikes VIX up more than it
   * lets it fall (VIX changes are skewed up, most of all in calm markets).
   */
  fearResponse: number;
  fearKappa: number;
  fearThreshold: number;
  /**
   * The speed (a year) at which the pricing measure expects fear to fade: the VIX futures and VVIX carry
   * e^{-fearKappaQ t} of today's fear above its mean at t years ahead. At fearKappa (the default) fear is
   * expected to fade as it does; slower, a fall lifts the whole curve, not only its front.
   */
  fearKappaQ: number;
  /**
   * VIX futures = sqrt(forward implied variance) x (1 + futuresTermSlope x sqrt(years to expiry)): the net of
   * a term premium (longer-dated implied variance carries more premium) and the convexity haircut.
   */
  futuresTermSlope: number;
  /**
   * The convexity haircut that grows with the tenor: futures are further multiplied by
   * (1 - futuresConvexity x years to expiry). Jensen's gap between sqrt(E[VIX^2]) and E[VIX] widens with the
   * variance of VIX at expiry, which grows with the horizon; without it the mean curve kept rising past four
   * months while the real one flattens, and long VX contracts rolled down twice as fast as real ones.
   */
  futuresConvexity: number;
  /**
   * How much faster (a year; negative: slower) the futures expect the fast factor's gap to the slow level to
   * close before their expiry than the index's pricing measure does: a future expiring in t years weighs that
   * gap e^{-futuresGapDecay t} times as much as the pricing measure alone would, and the slow level as much
   * as before. At expiry (t = 0) it is VIX's own weight. It sets how strongly the curve's slope follows the
   * fast factor's state without moving VIX or the index's term structure.
   */
  futuresGapDecay: number;
  /**
   * A share of that gap the futures expect to close within days (at futuresGapFastDecay a year) instead:
   * the weight is futuresGapFastShare e^{-futuresGapFastDecay t} + (1 - futuresGapFastShare)
   * e^{-futuresGapDecay t}. Spot VIX carries the whole gap, M1 little of that share, M2 none of it.
   */
  futuresGapFastShare: number;
  futuresGapFastDecay: number;
  /**
   * A term premium of the futures that does not depend on the day's state: a future expiring in t years is
   * multiplied by e^{futuresTermPremium g(t)}, where g's slope is (1 - e^{-t / onset}) e^{-fade t}: it rises
   * from 0 at expiry over the onset (years; 0: from the start) and fades at the fade rate (a year; 0: never). So
   * the premium is positive at every tenor and grows with it, and the onset keeps it out of M1's roll-down.
   * With it the curve's contango need not come from the fast factor sitting below its level (its lognormal
   * median). 0: no premium.
   */
  futuresTermPremium: number;
  futuresTermPremiumOnset: number;
  futuresTermPremiumFade: number;
  /**
   * A short-lived component of the index quotes (VIX and VIX9D/3M/6M): log x_t = persistence x_{t-1} + sd
   * (rho z + sqrt(1 - rho^2) e) each day (z the return shock, e its own shock), the quotes multiplied by
   * e^{x - s^2 / 2} with s^2 its stationary variance (mean-preserving). A future expiring in T trading days
   * carries its expectation at expiry, e^{persistence^T x - persistence^{2T} s^2 / 2}: M1 barely, spot VIX
   * fully. It gives VIX's daily changes their negative autocorrelation at lags 1-3. 0 sd: no component.
   */
  vixTransientSd: number;
  vixTransientPersistence: number;
  vixTransientRho: number;
  /** VVIX = vvixBase + vvixPremium x the model's vol of the 30-day VIX future, in points. */
  vvixBase: number;
  vvixPremium: number;
  /** SKEW = skewBase - skewPerVix x (VIX - 18) + AR(1) noise. */
  skewBase: number;
  skewPerVix: number;
  skewNoiseSd: number;
  skewPersistence: number;
  /** NYSE issues traded, and the cross-sectional spread of daily returns relative to the index. */
  issues: number;
  breadthDispersion: number;
  /** Slow breadth drift (AR(1)) that lets the AD line lag the index near highs. */
  breadthDriftSd: number;
  breadthDriftPersistence: number;
  /** T-bill rate: Vasicek, floored at 0. */
  rateStart: number;
  rateMean: number;
  rateKappa: number;
  rateSd: number;
  spxStart: number;
}

export const defaultSimParams: SimParams = {
  theta: 0.042,
  kappaFast: 13.5,
  xiFast: 3.6,
  rhoFast: -0.77,
  kappaSlow: 0.67,
  xiSlow: 1.35,
  rhoSlow: -0.39,
  levelMax: 0.4,
  jumpIntensityBase: 0.1,
  jumpIntensityPerVariance: 7.5,
  jumpMean: -0.025,
  jumpSd: 0.03,
  varianceJumpMean: 0.014,
  overreaction: 0.15,
  overreactionPersistence: 0.4,
  dailySkew: -0.035,
  drift: 0.12,
  dividendYield: 0.018,
  thetaQ: 0.032,
  kappaFastQ: 9.4,
  kappaSlowQ: 1.77,
  jumpIntensityQ: 4.5,
  varianceRiskPremium: 1.105,
  premiumTermPower: 0.085,
  fearResponse: 0.425,
  fearKappa: 9,
  fearThreshold: 1.5,
  fearKappaQ: 5.4,
  futuresTermSlope: 0.01,
  futuresConvexity: 0,
  futuresGapDecay: -2.95,
  futuresGapFastShare: 0.48,
  futuresGapFastDecay: 60,
  futuresTermPremium: 1.87,
  futuresTermPremiumOnset: 0.06,
  futuresTermPremiumFade: 20,
  vixTransientSd: 0,
  vixTransientPersistence: 0.6,
  vixTransientRho: 0,
  vvixBase: 35,
  vvixPremium: 0.81,
  skewBase: 120,
  skewPerVix: 0.2,
  skewNoiseSd: 2.7,
  skewPersistence: 0.97,
  issues: 3000,
  breadthDispersion: 0.011,
  breadthDriftSd: 0.02,
  breadthDriftPersistence: 0.98,
  rateStart: 0.025,
  rateMean: 0.025,
  rateKappa: 0.25,
  rateSd: 0.008,
  spxStart: 1000,
};

/** Version of the model equations; part of every synthetic panel's fingerprint. */
export const SIM_MODEL_VERSION = 'v2';
