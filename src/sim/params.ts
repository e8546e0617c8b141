// Parameters of the synthetic market model (annualised units). The values were tuned by hand against the
// real 1990-2026 history with `alvh sim check --data ../shared/data` (docs/simulation.md lists the fit).

export interface SimParams {
  /** Long-run variance of SPX returns in the calm and the stressed regime. */
  thetaCalm: number;
  thetaStressed: number;
  /** Mean reversion speed of variance (per year). */
  kappa: number;
  /** Volatility of variance (Heston xi). */
  xi: number;
  /** Correlation of return and variance shocks (the leverage effect). */
  rho: number;
  /** Daily probabilities of switching calm -> stressed and stressed -> calm. */
  pCalmToStressed: number;
  pStressedToCalm: number;
  /** Return jumps: yearly intensity per regime, mean and sd of the log jump. */
  jumpIntensityCalm: number;
  jumpIntensityStressed: number;
  jumpMean: number;
  jumpSd: number;
  /** Mean variance jump that accompanies each return jump (exponential). */
  varianceJumpMean: number;
  /** Expected total return of SPX per year (real-world drift, before dividends are removed). */
  drift: number;
  dividendYield: number;
  /** Weight of the stressed regime in the long-run level the pricing measure expects. */
  stressWeightQ: number;
  /** Implied over expected variance (the variance risk premium) in VIX and its family. */
  varianceRiskPremium: number;
  /**
   * VIX futures = sqrt(forward variance) x (1 + futuresTermSlope x sqrt(years to expiry)): the net of a term
   * premium (longer-dated implied variance carries more premium) and the convexity haircut.
   */
  futuresTermSlope: number;
  /** VVIX = vvixBase + vvixPremium x the model's vol of the 30-day VIX future, in points. */
  vvixBase: number;
  vvixPremium: number;
  /** Extra VVIX points in the stressed regime (vol of vol clusters with stress). */
  vvixStressed: number;
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
  thetaCalm: 0.016,
  thetaStressed: 0.04,
  kappa: 4,
  xi: 0.38,
  rho: -0.82,
  pCalmToStressed: 1 / (252 * 8),
  pStressedToCalm: 1 / (252 * 0.8),
  jumpIntensityCalm: 2,
  jumpIntensityStressed: 10,
  jumpMean: -0.025,
  jumpSd: 0.03,
  varianceJumpMean: 0.015,
  drift: 0.12,
  dividendYield: 0.018,
  stressWeightQ: 0.35,
  varianceRiskPremium: 1.6,
  futuresTermSlope: 0.3,
  vvixBase: 45,
  vvixPremium: 0.65,
  vvixStressed: 18,
  skewBase: 124,
  skewPerVix: 0.35,
  skewNoiseSd: 3.2,
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
export const SIM_MODEL_VERSION = 'v1';
