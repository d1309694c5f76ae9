import { exampleWithConfig, infraResourcesUnder } from '../../../support/scenarios';

// CloudFront over the artifact bucket with OAC, its log bucket and the WAF web ACL, with no front door.
it('the CDN alone: CloudFront, its WAF and buckets, without a front door or Triton', () => {
  const config = exampleWithConfig((raw) => {
    delete raw.chaos;
    delete raw.frontDoor;
    delete raw.triton;
    delete raw.gateway;
  });
  expect(infraResourcesUnder(config, ['cdn', 'cdn-web-acl'])).toMatchSnapshot();
});
