// The model's parameters before the fifth calibration pass (issue 15, December 2026): the defaults the
// mechanism tests of simulate.test.ts were built on. Each of those tests moves one part of the model from
// this point, where the other new parts are off, so that what it measures is that part alone; the v2 digest
// is these parameters' paths.
import { defaultSimParams, type SimParams } from './params.js';

export const V2_SIM_PARAMS: SimParams = {
  ...defaultSimParams,
  theta: 0.039,
  varianceJumpMean: 0.0145,
  thetaQ: 0.049,
  kappaSlowQ: 1.67,
  jumpIntensityQ: 4.6,
  varianceRiskPremium: 1.1,
  premiumTermPower: 0.052,
  fearResponse: 0.42,
  fearKappaQ: 9,
  futuresGapDecay: 0,
  futuresGapFastShare: 0,
  futuresGapFastDecay: 150,
  futuresTermPremium: 0,
  futuresTermPremiumOnset: 0.02,
  futuresTermPremiumFade: 20,
  vvixBase: 39,
  vvixPremium: 0.86,
};
