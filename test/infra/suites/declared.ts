import { declaredResources } from '../../../infra/constructs/declarations';
import { synthesizeKippu } from '../fixture';
import { describeQueuesAndSchedules } from './queues-and-schedules';

// The queues, consumers, producers and schedules that shared/resources declares today.
describeQueuesAndSchedules('declared resources', synthesizeKippu(), declaredResources);
